#!/usr/bin/env python
"""Django's command-line utility in the checkout; installed sites run `kexue` instead."""

from kexue.cli import main

if __name__ == "__main__":
    main()

"""Moving a WordPress blog in: `manage.py import_wxr` reads a WordPress export (WXR).

`reader` turns the file into plain records in a stream and refuses a file that
is not a whole, well-formed export; `importer` writes the records as members,
categories, tags, posts, threaded comments and old addresses; `media` copies
files from a local copy of `wp-content/uploads` into the media library.
"""

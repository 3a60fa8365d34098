"""{% slot "name" arg… %}…{% endslot %}: a personal part of a page.

Rendered as it is for whoever asks; in a render for the shared page cache
(the request carries `page_slots`, kexue/page_slots.py) it is also marked, so
that the cache can put each visitor's own version there
(kexue/sitewide/personal.py names what each slot holds for them)."""

from django import template

register = template.Library()


class SlotNode(template.Node):
    def __init__(self, name, args, nodelist):
        self.name, self.args, self.nodelist = name, args, nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        captured = context.get("captured_slots")
        if captured is not None:  # a fill wants this slot's content, nothing around it
            captured.append(html)
            return html
        request = context.get("request")
        marks = getattr(request, "page_slots", None)
        if marks is None:
            return html
        args = [str(arg.resolve(context)) for arg in self.args]
        return marks.wrap(self.name.resolve(context), args, html)


@register.tag
def slot(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% slot %} needs the slot's name")
    # A slot's content is personal: kept by {% cache %}, one visitor's would
    # reach others, and a shared render's marker outlive its render.
    if any(command == "cache" for command, *_ in parser.command_stack):
        raise template.TemplateSyntaxError("{% slot %} may not sit inside {% cache %}")
    nodelist = parser.parse(("endslot",))
    parser.delete_first_token()
    name, *args = (parser.compile_filter(bit) for bit in bits[1:])
    return SlotNode(name, args, nodelist)

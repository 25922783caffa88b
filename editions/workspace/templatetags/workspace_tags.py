"""Template filters of the workspace."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    """``mapping[key]``, or None: a count per segment key in a list of segments."""
    return mapping.get(key) if mapping else None

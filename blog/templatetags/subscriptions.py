"""The member settings page's part about new-post mail
(templates/blog/includes/settings_subscription.html)."""

from django import template

from blog.subscriptions import subscriptions_of

register = template.Library()


@register.simple_tag
def member_subscriptions(member):
    return list(subscriptions_of(member))

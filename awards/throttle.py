"""Limits on what anyone on the internet can make the system do: send e-mails, open accounts.

Registration, "send the confirmation again" and "forgot your password?" each send an e-mail
to an address typed by a visitor. Without a limit, the site could be used to flood a mailbox
or to spend the agency's mail quota. Counts live in the cache (Redis in production, shared by
every worker; local memory in development), in fixed windows of ``THROTTLE_WINDOW`` seconds:

- at most ``MAIL_LIMIT_PER_ADDRESS`` such e-mails to one address,
- at most ``MAIL_LIMIT_PER_CLIENT`` asked from one client (IP address),
- at most ``REGISTRATION_LIMIT_PER_CLIENT`` new accounts from one client.

Over a mail limit nothing is sent and the page says what it always says (it never tells
whether an address has an account); over the registration limit the form says to try later.
Values are stored hashed, never as addresses.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope, value):
    digest = hashlib.sha256(str(value).casefold().encode()).hexdigest()[:40]
    return f"throttle:{scope}:{digest}"


def hit(*, scope, value, limit, window=None):
    """Count one attempt for ``value``; True while the count is within ``limit`` this window."""
    window = window or settings.THROTTLE_WINDOW
    key = _key(scope, value)
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def client_of(request):
    """The client's address: ``REMOTE_ADDR``, or behind a reverse proxy the header it sets
    (``CLIENT_IP_HEADER``, e.g. ``HTTP_X_REAL_IP``; for ``X-Forwarded-For`` the last entry,
    the one the proxy added)."""
    if request is None:
        return ""
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    return value.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


def mail_allowed(*, email, request, purpose):
    """One more e-mail of ``purpose`` to ``email`` asked by ``request``'s client: allowed?"""
    to_address = hit(scope="mail-to", value=email, limit=settings.MAIL_LIMIT_PER_ADDRESS)
    from_client = hit(
        scope="mail-from", value=client_of(request), limit=settings.MAIL_LIMIT_PER_CLIENT
    )
    if to_address and from_client:
        return True
    logger.warning("E-mail %s not sent: too many asked for this address or client", purpose)
    return False


def registration_allowed(*, request):
    """One more account from ``request``'s client: allowed?"""
    allowed = hit(
        scope="register",
        value=client_of(request),
        limit=settings.REGISTRATION_LIMIT_PER_CLIENT,
    )
    if not allowed:
        logger.warning("Registration refused: too many accounts opened from one client")
    return allowed

"""Who acts: every action takes a keyword-only `actor` of this type (None is the operator at the command
line), and records its author with `acting_user`."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

# The one name for "a signed-in user or an anonymous visitor" (re-exported by accounts.queries, where the
# apps take it from); an actor adds None, the operator.
AnyUser = AbstractBaseUser | AnonymousUser
Actor = AnyUser | None


def acting_user(actor: Actor) -> User | None:
    """The user to record as author: None for an anonymous visitor or the operator at the command line."""
    # Django's own User is the user model (settings.py names no other), so a signed-in actor is one.
    return actor if isinstance(actor, User) and actor.is_authenticated else None

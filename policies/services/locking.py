"""Row locks that also refresh the caller's instance, so whoever holds it sees what the service did."""


def lock(instance):
    """Re-read `instance` in place under a row lock (inside the caller's transaction) and return it."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update(of=("self",)))
    return instance

def verify_signature(request, env):
    return None

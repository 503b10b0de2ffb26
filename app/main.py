"""(placeholder: the foundation issue builds create_app() and its lifespan here)"""

"""HTTP routers (thin: validate, call app/graph, return its Pydantic models)."""

# The intelgraph app (API + CLI). Neo4j is a separate service (docker-compose.yml).
# Two stages: the first builds the wheel (cypher/ ships inside it as importers/cypher), the second
# installs the locked dependencies and that wheel, not an editable checkout.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN pip install --no-cache-dir "uv==0.13.9"
COPY pyproject.toml README.md ./
COPY app ./app
COPY importers ./importers
COPY cypher ./cypher
RUN uv build --wheel --out-dir /dist


FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    INTELGRAPH_API_HOST=0.0.0.0 \
    INTELGRAPH_API_PORT=8000 \
    INTELGRAPH_API_KEYS_FILE=/app/.intelgraph/api-keys.json \
    INTELGRAPH_NEO4J_HOME=/app/.neo4j

WORKDIR /app

# Dependencies first (their layer is reused while only the code changes), exactly as locked: the
# lock is complete, so --no-deps (it names pyicu-wheels where followthemoney asks for pyicu, which
# would need a compiler; see pyproject.toml).
COPY requirements.lock ./
RUN pip install --no-cache-dir "uv==0.13.9" \
 && uv pip install --system --no-cache --no-deps --require-hashes -r requirements.lock

# The code: the wheel from the first stage (no editable install, no source tree needed).
COPY --from=build /dist/*.whl /tmp/dist/
COPY seeds ./seeds
# A non-root user; .intelgraph/ (API keys) is its only writable place (a volume in docker-compose.yml).
RUN uv pip install --system --no-cache --no-deps /tmp/dist/*.whl \
 && rm -rf /tmp/dist \
 && useradd --create-home --uid 10001 intelgraph \
 && mkdir -p /app/.intelgraph && chown intelgraph /app/.intelgraph
USER intelgraph

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"

# Schema first (idempotent), then serve. NEO4J_URI/NEO4J_PASSWORD come from the environment.
CMD ["sh", "-c", "intelgraph db init && exec intelgraph serve --host 0.0.0.0 --port 8000"]

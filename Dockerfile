# syntax=docker/dockerfile:1
# Two images from one file:
#   docker build --target backend -t modeldb-backend .   # `modeldb-backend serve` (REST 8080, gRPC 8085)
#   docker build --target jupyter -t modeldb-jupyter .   # JupyterLab with the ModelDB extension (8888)
# The base images are arguments so that a mirror or a locally built base can stand in for Docker Hub's.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${PYTHON_IMAGE} AS python-base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# A fixed non-root uid (Kubernetes runAsNonRoot checks a numeric user); /var/lib/modeldb is $MODELDB_HOME.
RUN useradd --uid 10001 --user-group --create-home --home-dir /home/modeldb modeldb \
    && mkdir -p /var/lib/modeldb && chown modeldb:modeldb /var/lib/modeldb

# --- the backend: only backend/ is copied, so notebook or extension changes do not rebuild it
FROM python-base AS backend-venv
COPY backend/ /src/backend/
RUN python3 -m venv /opt/modeldb && /opt/modeldb/bin/pip install "/src/backend[s3]"

FROM python-base AS backend
COPY --from=backend-venv /opt/modeldb /opt/modeldb
# Listen on every interface inside the container; the server still refuses that without a token unless --insecure.
ENV PATH=/opt/modeldb/bin:$PATH MODELDB_HOME=/var/lib/modeldb \
    MODELDB_HOST=0.0.0.0 MODELDB_PORT=8080 MODELDB_GRPC_PORT=8085
USER 10001
WORKDIR /var/lib/modeldb
EXPOSE 8080 8085
# /livez needs no token and no database: it says the process answers (readiness is /readyz, for load balancers).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
    CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/livez', timeout=2)"]
ENTRYPOINT ["modeldb-backend"]
CMD ["serve"]

# --- the Jupyter side: the wheels are built where Node 20 is (the lab extension is compiled by `pip wheel`)
FROM ${NODE_IMAGE} AS jupyter-wheels
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/build && /opt/build/bin/pip install --no-cache-dir "pip>=24"
COPY . /src
WORKDIR /src
RUN /opt/build/bin/pip wheel --no-cache-dir --no-deps --wheel-dir /wheels ./backend .

FROM python-base AS jupyter
COPY --from=jupyter-wheels /wheels /wheels
RUN python3 -m venv /opt/modeldb \
    && /opt/modeldb/bin/pip install "$(ls /wheels/modeldb_backend-*.whl)[s3]" /wheels/modeldb_jupyter-*.whl \
    && rm -rf /wheels
COPY --chown=10001:10001 examples/ /home/modeldb/work/examples/
ENV PATH=/opt/modeldb/bin:$PATH MODELDB_HOME=/var/lib/modeldb
USER 10001
WORKDIR /home/modeldb/work
EXPOSE 8888
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
    CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8888/api/status', timeout=2)"]
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser", "--ServerApp.root_dir=/home/modeldb/work"]

"""JupyterHub for a team on one ModelDB store: every user's Jupyter server on the same PostgreSQL and S3.

Each single-user server runs the modeldb_jupyter extension (installed in the single-user image, enabled by
its jupyter-config) with the team's database and artifact store instead of a private SQLite file, so all users
see one set of projects, runs and models. The extension names every request by the hub's identity: the
browser's hub user (a user who opens a colleague's shared server stays themselves) and, for the kernels, the
user the server was spawned for (JUPYTERHUB_USER). Runs' `owner` and the audit trail's `actor` are people.

The users of one hub trust each other: every single-user server holds the database credentials. Secrets are
read from the hub's environment, never written here:

    MODELDB_DB_URL         postgresql+psycopg2://modeldb:<password>@db.internal:5432/modeldb
    MODELDB_ARTIFACT_ROOT  s3://<bucket>/artifacts (default s3://modeldb/artifacts)
    MODELDB_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION  (MinIO or S3)

Run: `jupyterhub -f deploy/jupyterhub/jupyterhub_config.py` (JupyterHub >= 4 and, for the default spawner,
local accounts; or set HUB_SPAWNER to dockerspawner.DockerSpawner / kubespawner.KubeSpawner).
"""

import os

c = get_config()  # noqa: F821  # JupyterHub defines get_config() when it loads this file

# Who may log in: replace the dummy authenticator (any name, shared password) with the team's OAuth or LDAP.
c.JupyterHub.authenticator_class = os.environ.get("HUB_AUTHENTICATOR", "dummy")
c.JupyterHub.bind_url = os.environ.get("HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.spawner_class = os.environ.get("HUB_SPAWNER", "simple")
if os.environ.get("HUB_DUMMY_PASSWORD"):
    c.DummyAuthenticator.password = os.environ["HUB_DUMMY_PASSWORD"]

# The shared store: the variables the ModelDB extension reads, passed to every single-user server.
SHARED_STORE_VARS = (
    "MODELDB_DB_URL",
    "MODELDB_ARTIFACT_ROOT",
    "MODELDB_S3_ENDPOINT_URL",
    "MODELDB_HEARTBEAT_SWEEP_SECONDS",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_DEFAULT_REGION",
)
c.Spawner.environment = {name: os.environ[name] for name in SHARED_STORE_VARS if os.environ.get(name)}
c.Spawner.environment.setdefault("MODELDB_ARTIFACT_ROOT", "s3://modeldb/artifacts")
c.Spawner.default_url = "/lab"
# The extension is enabled by its jupyter-config; say so explicitly in case the image disables extensions.
c.Spawner.args = ["--ServerApp.jpserver_extensions=modeldb_jupyter=True"]

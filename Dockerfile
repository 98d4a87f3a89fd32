# The central server in a container: non-root, the database from the environment, the PostgreSQL tools
# that `server backup` / `restore` / `migrate --backup-dir` run. README: "Install the central server".
#   docker build -t referral-desk-server:0.2.0 .
#   docker run -d --name referral-desk -p 8750:8750 --ulimit nofile=65536:65536 --env-file server.env \
#     -v referral-desk-data:/var/lib/referral-desk -v /etc/referral-desk/tls:/tls:ro \
#     -v /etc/referral-desk/config.toml:/etc/referral-desk/config.toml:ro \
#     referral-desk-server:0.2.0 --workers 2 --ssl-certfile /tls/chain.pem --ssl-keyfile /tls/key.pem
# (server.env names the policy file, REFERRAL_DESK_CONFIG=/etc/referral-desk/config.toml: it is mounted at that
# path; without it `serve` stops at once with exit 2 and says which file is missing.)
# Upgrading to a new image: `serve` refuses a database that still needs it, so first, once, with the old
# container stopped:
#   docker run --rm --env-file server.env -v /var/backups/referral-desk:/backups \
#     -v /etc/referral-desk/config.toml:/etc/referral-desk/config.toml:ro \
#     --entrypoint referral-desk referral-desk-server:NEW server migrate --backup-dir /backups
# The base is a Python release on a Debian release, not a moving tag; pin its digest too where the registry
# is reachable (`docker buildx imagetools inspect python:3.11.11-slim-bookworm`, then FROM ...@sha256:...).
FROM python:3.11.11-slim-bookworm

# pg_dump / pg_restore of the server's PostgreSQL release (15) for backups, restores and upgrades.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/referral-desk --shell /usr/sbin/nologin referral-desk

WORKDIR /src
# The dependencies first, from pyproject.toml alone: a change to the code rebuilds only the layers below.
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join(p['dependencies'] + p['optional-dependencies']['server']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
COPY README.md ./
COPY referral_desk ./referral_desk
RUN pip install --no-cache-dir --no-deps . \
    && python -m compileall -q "$(python -c 'import referral_desk, os; print(os.path.dirname(referral_desk.__file__))')" \
    && rm -rf /src

USER referral-desk
WORKDIR /var/lib/referral-desk
# A SQLite server database lives here (the default when no PostgreSQL URL is given): keep it on a volume.
VOLUME ["/var/lib/referral-desk"]
ENV XDG_DATA_HOME=/var/lib/referral-desk XDG_CONFIG_HOME=/var/lib/referral-desk/config PYTHONUNBUFFERED=1
EXPOSE 8750
# /api/v1/live on the container's loopback, over https when the server was started with a certificate and
# plain http when not (the probe tries both; it asks only whether the process answers, so it does not check
# the certificate: the desks do). No token needed, nothing revealed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["python", "-m", "referral_desk.server.probe", "--port", "8750"]
ENTRYPOINT ["referral-desk", "serve", "--host", "0.0.0.0", "--port", "8750"]
CMD ["--workers", "2"]

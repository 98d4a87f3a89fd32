# The central server in a container (issue 15): non-root, the database from the environment.
#   docker build -t referral-desk-server .
#   docker run -d -p 8750:8750 --ulimit nofile=65536:65536 --env-file server.env -v /etc/referral-desk/tls:/tls:ro \
#     referral-desk-server --workers 2 --ssl-certfile /tls/chain.pem --ssl-keyfile /tls/key.pem
# Upgrading to a new image: `serve` refuses a database that still needs it, so first, once, with the old
# container stopped:
#   docker run --rm --env-file server.env -v /var/backups/referral-desk:/backups \
#     --entrypoint referral-desk referral-desk-server server migrate --backup-dir /backups
FROM python:3.11-slim

RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/referral-desk referral-desk
WORKDIR /src
COPY pyproject.toml README.md ./
COPY referral_desk ./referral_desk
RUN pip install --no-cache-dir . \
    && python -m compileall -q "$(python -c 'import referral_desk, os; print(os.path.dirname(referral_desk.__file__))')" \
    && rm -rf /src

USER referral-desk
WORKDIR /var/lib/referral-desk
ENV XDG_DATA_HOME=/var/lib/referral-desk XDG_CONFIG_HOME=/var/lib/referral-desk/config PYTHONUNBUFFERED=1
EXPOSE 8750
# Liveness needs no token and says nothing but {"status": "ok"} (plain http inside the container's own
# loopback only when TLS is not configured; with TLS, probe /api/v1/live from the load balancer).
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8750/api/v1/live', timeout=4)" || exit 1
ENTRYPOINT ["referral-desk", "serve", "--host", "0.0.0.0", "--port", "8750"]
CMD ["--workers", "2"]

# sso-tracker application image: CLI, scheduler and dashboard (gunicorn).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SSO_DATA_DIR=/data SSO_CONFIG_DIR=/app/config
WORKDIR /app
COPY pyproject.toml README.md ./
COPY tracker ./tracker
COPY crawlers ./crawlers
COPY dashboard ./dashboard
COPY db ./db
COPY config ./config
COPY datasets ./datasets
RUN pip install --no-cache-dir -e '.[deploy]' \
 && useradd --system --home /data sso && mkdir -p /data && chown sso /data
USER sso
VOLUME ["/data"]
EXPOSE 8050
ENTRYPOINT ["sso-tracker"]
CMD ["--help"]

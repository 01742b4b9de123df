# One image for every component: `prism serve <component>` picks which one a container runs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PRISM_DATA_DIR=/var/lib/prism

WORKDIR /app
COPY pyproject.toml README.md ./
COPY prism ./prism
COPY services ./services
COPY gateway ./gateway
RUN pip install --no-cache-dir . \
 && useradd --system --home /var/lib/prism --create-home prism

USER prism
ENTRYPOINT ["prism"]
CMD ["serve"]

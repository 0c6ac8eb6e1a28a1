FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PMS_VAR_DIR=/app/var
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir . \
    && useradd --create-home pms && mkdir -p /app/var && chown -R pms /app
USER pms
EXPOSE 8000
CMD ["gunicorn", "pms.wsgi", "--bind", "0.0.0.0:8000"]

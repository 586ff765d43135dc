# golive simulators as a container image: `docker build -t golive .`
# Serves every simulator by default; compose.yaml runs one simulator per container from the same image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /golive

# golive finds contracts/, simulators/ and fixtures/ next to its package (golive/config.py ROOT), so it is
# installed editable from this folder; a plain `pip install .` would put it in site-packages, away from them.
COPY pyproject.toml README.md ./
COPY golive ./golive
COPY contracts ./contracts
COPY simulators ./simulators
COPY fixtures ./fixtures
RUN pip install --no-compile -e .

# Unprivileged at run time.
RUN useradd --create-home --uid 10001 golive
USER golive

EXPOSE 8701 8702 8703 8704 8705
HEALTHCHECK --interval=5s --timeout=2s --retries=10 \
  CMD python -c "import sys,urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8701/__admin/health').status != 200)"

# In a container the simulators must listen beyond the container's own loopback.
ENTRYPOINT ["golive", "up", "--host", "0.0.0.0"]

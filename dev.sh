#!/usr/bin/env bash
# The two commands of README.md:
#   ./dev.sh run    install, migrate, compile translations, load demo data, start web + worker + beat
#   ./dev.sh test   run the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
set -euo pipefail
cd "$(dirname "$0")"

venv=.venv
py=$venv/bin/python
stamp=$venv/.installed-stamp

install() {
  if [ ! -x "$py" ]; then
    python=$(command -v python3.11 || command -v python3)
    "$python" -m venv "$venv"
  fi
  if [ ! -f .env ]; then
    # Local development defaults, so that manage.py works without exporting anything (see .env.example).
    printf '# Written by ./dev.sh for local development; production sets its environment instead.\nDEBUG=true\n' > .env
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$py" -m pip install --quiet --disable-pip-version-check -e ".[test]"
    touch "$stamp"
  fi
}

case "${1:-}" in
  run)
    install
    export DEBUG=${DEBUG:-true}
    "$py" manage.py migrate --noinput
    "$py" manage.py compile_translations
    "$py" manage.py collectstatic --noinput --verbosity 0
    "$py" manage.py load_demo_data
    exec "$py" manage.py runportal "${@:2}"
    ;;
  test)
    install
    "$venv/bin/ruff" check .
    DEBUG=true "$py" manage.py compile_translations --check
    DEBUG=true "$py" manage.py compile_translations
    DEBUG=true "$py" manage.py makemigrations --check --dry-run
    if [ $# -gt 1 ]; then
      exec "$py" -m pytest "${@:2}"
    fi
    # The whole suite: the browser journeys (Chromium and a live server) run beside the rest, in a process of
    # their own with their own test database and Redis database, so that the two cores both work.
    browser_log=$(mktemp)
    (
      [ -n "${DATABASE_URL:-}" ] && export DATABASE_URL="${DATABASE_URL}_browser"
      if [[ "${REDIS_URL:-}" =~ ^(.*)/([0-9]+)$ ]]; then
        export REDIS_URL="${BASH_REMATCH[1]}/$(( BASH_REMATCH[2] + 1 ))"
      fi
      exec "$py" -m pytest -m browser
    ) >"$browser_log" 2>&1 &
    browser=$!
    rest=0
    "$py" -m pytest -m "not browser" || rest=$?
    browser_status=0
    wait "$browser" || browser_status=$?
    echo "--- the browser journeys, run beside the rest (pytest -m browser) ---"
    cat "$browser_log"
    rm -f "$browser_log"
    [ "$rest" -eq 0 ] && [ "$browser_status" -eq 0 ]
    ;;
  *)
    echo "usage: ./dev.sh run [--addr HOST:PORT] | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac

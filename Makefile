# The two commands of the README:
#   make up    install what is missing, start Kafka, the schema registry, the generator,
#              the topology and the dashboard on this machine
#   make test  install what is missing, start Kafka and the registry, run every test
SHELL := /bin/bash
NODE_ENV_SH := . scripts/node-env.sh
RATE ?= 20
SERVICES := generator topology dashboard

.PHONY: up setup infra topics generator topology dashboard status logs down clean test lint check

up: setup infra topics generator topology dashboard
	@echo
	@echo "Dashboard: http://127.0.0.1:$${DASHBOARD_PORT:-8501}   SQL: npm run sql -- \"SELECT count(*) FROM incidents\""
	@echo "Metrics:   http://127.0.0.1:$${METRICS_PORT:-9464}/metrics   Logs: make logs   Stop: make down"

setup:
	@bash scripts/setup.sh

infra:
	@bash infra/kafka/kafka.sh start
	@bash infra/registry/registry.sh start

topics:
	@$(NODE_ENV_SH) && node topology/topics-cli.ts

generator:
	@$(NODE_ENV_SH) && bash scripts/svc.sh start generator -- node generator/cli.ts --rate $(RATE) --scenario random

topology:
	@$(NODE_ENV_SH) && if [ -f topology/cli.ts ]; then bash scripts/svc.sh start topology -- node topology/cli.ts; fi

dashboard:
	@$(NODE_ENV_SH) && if [ -f dashboard/cli.ts ]; then bash scripts/svc.sh start dashboard -- node dashboard/cli.ts; fi

status:
	@bash infra/kafka/kafka.sh status || true
	@bash infra/registry/registry.sh status || true
	@for s in $(SERVICES); do bash scripts/svc.sh status $$s; done

logs:
	@tail -n 20 -F .cache/run/*.log

down:
	@for s in dashboard topology generator; do bash scripts/svc.sh stop $$s; done
	@bash infra/registry/registry.sh stop
	@bash infra/kafka/kafka.sh stop

clean: down
	@read -r -p "Delete Kafka data, registry data and ./data? [y/N] " ok && [ "$$ok" = y ]
	@bash infra/kafka/kafka.sh clean
	@bash infra/registry/registry.sh clean
	@rm -rf data .cache/run

lint:
	@$(NODE_ENV_SH) && npx tsc --noEmit && npx eslint . && npx prettier --check .

test:
	@WITH_BROWSER=1 bash scripts/setup.sh
	@bash infra/kafka/kafka.sh start
	@bash infra/registry/registry.sh start
	@$(NODE_ENV_SH) && npx tsc --noEmit && npx eslint . && npx prettier --check .
	@$(NODE_ENV_SH) && npx vitest run

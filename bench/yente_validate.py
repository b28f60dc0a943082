"""Validates interdict's yente-compatible responses with yente's own pydantic
models (strict: every field the models declare, typed as they declare it).

    INTERDICT_YENTE_DUMP=/tmp/yente-dump cargo test -p interdict-server --test yente
    python -m venv /tmp/yvenv && /tmp/yvenv/bin/pip install yente
    /tmp/yvenv/bin/python bench/yente_validate.py /tmp/yente-dump
"""
import json
import sys
from pathlib import Path

from yente.data.common import (
    AlgorithmResponse,
    DataCatalogModel,
    EntityMatchResponse,
    EntityResponse,
    SearchResponse,
)

MODELS = {
    "match": EntityMatchResponse,
    "search": SearchResponse,
    "entity": EntityResponse,
    "catalog": DataCatalogModel,
    "algorithms": AlgorithmResponse,
}


def main(folder: str) -> int:
    failed = 0
    for name, model in MODELS.items():
        path = Path(folder) / f"{name}.json"
        data = json.loads(path.read_text())
        try:
            parsed = model.model_validate(data)
        except Exception as error:  # pydantic.ValidationError
            print(f"FAIL {name}: {model.__name__}: {error}")
            failed += 1
            continue
        detail = ""
        if name == "match":
            results = [r for resp in parsed.responses.values() for r in resp.results]
            detail = f" ({len(parsed.responses)} responses, {len(results)} scored results, explanations typed as FeatureResult)"
        print(f"ok   {name}: {model.__name__}{detail}")
    print(f"{len(MODELS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

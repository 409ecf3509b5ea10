"""Display labels of topics, declared beside each feature's aggregates (domain/topics.py ``label_topics``)."""

from __future__ import annotations

import domain.catalogue  # noqa: F401 - importing the catalogue loads every feature and its labels
from domain.topics import LABELS as TOPIC_LABELS


def label(topic: str, lang: str) -> str:
    zh, en = TOPIC_LABELS.get(topic, (topic, topic))
    return zh if lang == "zh" else en

"""The shape of a rule, shared by every rules module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wasit.policy.decision import Decision
from wasit.policy.viewer import Viewer

Rule = Callable[[Viewer, Any], Decision]
GlobalRule = Callable[[Viewer, Any], Decision]

"""The calibration's progress bar: one task per stage, counting model runs, with the best J."""

from __future__ import annotations


class ProgressBar:
    """A rich progress bar with one task per stage (or nothing when ``enabled`` is false)."""

    def __init__(self, enabled: bool) -> None:
        self.progress = None
        self.task = None
        if enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("{task.description:<34}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("runs"),
                TimeElapsedColumn(),
                TextColumn("eta"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[best]}"),
            )
            self.progress.start()

    def stage(self, description: str, total: int) -> None:
        if self.progress is not None:
            if self.task is not None:
                self.progress.update(self.task, completed=self.progress.tasks[-1].total)
            self.task = self.progress.add_task(description, total=total, best="")

    def advance(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def best(self, text: str) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, best=text)

    def close(self) -> None:
        if self.progress is not None:
            if self.task is not None:
                task = self.progress.tasks[-1]
                self.progress.update(self.task, total=task.completed)
            self.progress.stop()

"""`MetricChart`: metric series by step for chosen runs and keys, with smoothing and log-scale toggles.

The backend reduces each series to one bucket per pixel column (downsampleMetricHistory: first and last point,
exact min and max), so a chart of a million-point series moves a few thousand numbers and shows every spike.

Live: while a chosen run is running, a daemon thread re-reads the series through the client at most every
`interval` seconds (reading flushes what this kernel logged, so points logged by a training loop appear
promptly; the loop itself only appends to the client's queue and never waits for the chart). The widget's
traits update in place; the output's display handle (text/html fallback included) is updated at most every
HANDLE_EVERY seconds and once more when the runs end, which stops the thread.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

import ipywidgets as w

from modeldb_jupyter.client import ExperimentRun
from modeldb_jupyter.client.batches import RUNNING_WORD

from . import data, svg
from ._common import ErrorBox, HtmlFallback, default_client, inline_errors, muted

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client

MIN_INTERVAL = 0.5
HANDLE_EVERY = 2.0
MAX_KEYS = 6  # charts shown before the user picks keys


# IPython leaves `display` and its handles unannotated: these say how this module calls them.
class DisplayHandle(Protocol):
    def update(self, obj: Any, /, *, raw: bool) -> None: ...


class Display(Protocol):
    def __call__(self, obj: Any, /, *, raw: bool, display_id: bool) -> DisplayHandle | None: ...


class MetricChart(HtmlFallback):
    """`MetricChart(runs, keys=None, client=None, smoothing=0.0, log_scale=False, live=None, interval=0.5)`.

    `runs`: run ids or runs; `keys`: metric keys (default: the first few the runs have); `live`: follow the
    runs while they are running (default: when one of them is).
    """

    def __init__(
        self,
        runs: Any,
        keys: list[str] | None = None,
        client: Client | None = None,
        smoothing: float = 0.0,
        log_scale: bool = False,
        live: bool | None = None,
        interval: float = MIN_INTERVAL,
    ) -> None:
        runs = [runs] if isinstance(runs, str | ExperimentRun) else list(runs)
        self.client = client if client is not None else default_client(runs)
        self.run_ids = list(dict.fromkeys(r if isinstance(r, str) else str(r.id) for r in runs))
        self.interval = max(float(interval), MIN_INTERVAL)
        self.series: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
        self.infos: dict[str, data.RunInfo] = {}
        self._chosen_keys = list(keys) if keys else None
        self._lock = threading.RLock()  # the poll thread and the UI handlers both fetch and draw
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._handles: list[DisplayHandle] = []
        self._handle_at = 0.0
        self.fetches = 0  # how many times the series were read (tests check the throttle with it)
        self._fetch_seconds = 0.0  # how long the last read took
        self.key_picker = w.SelectMultiple(description="metrics", rows=4)
        self.smoothing = w.FloatSlider(0.0, min=0.0, max=0.99, step=0.01, description="smoothing")
        self.smoothing.value = smoothing
        self.log_scale = w.Checkbox(value=log_scale, description="log scale", indent=False)
        self.live_toggle = w.ToggleButton(description="live", icon="circle", tooltip="follow running runs")
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.error = ErrorBox()
        self.plot = w.HTML()
        controls = w.HBox([self.key_picker, w.VBox([self.smoothing, w.HBox([self.log_scale, self.live_toggle])])])
        super().__init__(children=[w.HBox([controls, self.refresh_button]), self.error, self.plot])
        self.add_class("mdbw-metric-chart")
        self.key_picker.observe(self._on_keys, "value")
        self.smoothing.observe(lambda _: self.draw(), "value")
        self.log_scale.observe(lambda _: self.draw(), "value")
        self.live_toggle.observe(self._on_live, "value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.refresh()
        self.live = any(i.status == RUNNING_WORD for i in self.infos.values()) if live is None else live

    # --- reading ---------------------------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read runs and series; True when it worked (else the message says why)."""
        with self._lock, inline_errors(self.error):
            self._fetch()
            self.draw()
            return True
        self.draw()
        return False

    def _fetch(self) -> bool:
        """Read the series; True when anything changed since the last read."""
        self.fetches += 1
        started = time.monotonic()
        infos = data.run_infos(self.client, self.run_ids)
        series = data.metric_envelopes(self.client, list(infos))
        changed = series != self.series or {k: v.status for k, v in infos.items()} != {
            k: v.status for k, v in self.infos.items()
        }
        self.infos, self.series = infos, series
        self._fetch_seconds = time.monotonic() - started
        missing = [i for i in self.run_ids if i not in infos]
        self._update_keys()
        if missing:
            raise LookupError(f"run(s) {', '.join(missing)} no longer exist; the others are shown")
        return changed

    def _update_keys(self) -> None:
        keys = sorted({key for _, key in self.series})
        chosen = self._chosen_keys if self._chosen_keys is not None else keys[:MAX_KEYS]
        self.key_picker.unobserve(self._on_keys, "value")
        try:
            self.key_picker.options = sorted(set(keys) | set(chosen))
            self.key_picker.value = tuple(chosen)
        finally:
            self.key_picker.observe(self._on_keys, "value")

    def _on_keys(self, change: Any) -> None:
        self._chosen_keys = list(change["new"])
        self.draw()

    # --- drawing -----------------------------------------------------------------------------------------------

    def _labels(self) -> dict[str, str]:
        names = [self.infos[i].name for i in self.run_ids if i in self.infos]
        labels = {}
        for run_id in self.run_ids:
            if run_id in self.infos:
                name = self.infos[run_id].name
                labels[run_id] = name if names.count(name) == 1 else f"{name} ({run_id[:8]})"
        return labels

    def svg_html(self) -> str:
        """The charts (one SVG per chosen key) and the legend, as HTML."""
        labels = self._labels()
        colors = {label: svg.PALETTE[i % len(svg.PALETTE)] for i, label in enumerate(labels.values())}
        charts = []
        for key in self.key_picker.value:
            series = {labels[r]: self.series[(r, key)] for r in labels if (r, key) in self.series}
            charts.append(svg.chart(key, series, colors, float(self.smoothing.value), bool(self.log_scale.value)))
        if not charts:
            return muted("no metric series yet")
        running = [labels[i] for i, info in self.infos.items() if info.status == RUNNING_WORD and i in labels]
        status = muted(f"live: following {', '.join(running)}") if self.live and running else ""
        return svg.legend(colors) + status + "".join(charts)

    def draw(self) -> None:
        with self._lock:
            self.plot.value = f'<div class="mdbw-plots">{self.svg_html()}</div>'

    def to_html(self) -> str:
        message = f"<p>{muted(self.error.message)}</p>" if self.error.message else ""
        return message + self.svg_html()

    # --- live ------------------------------------------------------------------------------------------------------

    @property
    def live(self) -> bool:
        """Whether the chart follows its runs (a thread polls while they run)."""
        return bool(self.live_toggle.value)

    @live.setter
    def live(self, value: bool) -> None:
        self.live_toggle.value = bool(value)

    def _on_live(self, change: Any) -> None:
        if change["new"]:
            self._start()
        else:
            self._stop.set()

    def _start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, args=(self._stop,), name="modeldb-chart", daemon=True)
        self._thread.start()

    def _follow(self, stop: threading.Event) -> None:
        """Poll until no chosen run is running (one last read first), the toggle is off or an error shows."""
        # A read of long series costs the backend real work: wait at least twice as long as the last read took,
        # so following a run never keeps a core busy.
        while not stop.wait(max(self.interval, 2 * self._fetch_seconds)):
            with self._lock:
                ok = False
                with inline_errors(self.error):
                    changed = self._fetch()
                    ok = True
                running = any(i.status == RUNNING_WORD for i in self.infos.values())
                if changed or not ok:
                    self.draw()
                if not ok or not running:
                    stop.set()
                    self.live_toggle.value = False
                self._update_handles(final=stop.is_set())

    def stop(self, timeout: float = 5.0) -> None:
        """Stop following (and wait for the thread)."""
        self.live = False
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the live thread ended by itself (its runs ended); True if it did within `timeout`."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            return False
        # Front ends that file kernel messages by cell (nbclient, when it saves a notebook) drop the updates the
        # thread sent between two cells: send the final widget state and output again, from the caller's cell.
        self.plot.send_state("value")
        self.live_toggle.send_state("value")
        self._update_handles(final=True)
        return True

    def close(self) -> None:
        self.stop()
        super().close()

    # --- the output's display handle -----------------------------------------------------------------------------

    def _ipython_display_(self, **kwargs: Any) -> None:
        """Displayed with a display id, so the live thread can update the output (and its HTML) in place."""
        from IPython.display import display

        show: Display = display
        handle = show(self._repr_mimebundle_(), raw=True, display_id=True)
        if handle is not None:
            self._handles.append(handle)

    def _update_handles(self, final: bool) -> None:
        now = time.monotonic()
        if not self._handles or (not final and now - self._handle_at < HANDLE_EVERY):
            return
        self._handle_at = now
        bundle = self._repr_mimebundle_()
        for handle in self._handles:
            handle.update(bundle, raw=True)

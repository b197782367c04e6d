"""Predictions: an untouched slider is no prediction, and a live widget reads the prediction at each Run."""
import ipywidgets as widgets

from course import notebook
from course.kits.live import current


def shown_slider(monkeypatch, **kwargs):
    shown = []
    monkeypatch.setattr(notebook, "display", shown.append)
    notebook.predict("k", "How many?", **kwargs)
    box = shown[0]
    slider = next(w for w in box.children if isinstance(w, (widgets.IntSlider, widgets.FloatSlider)))
    status = box.children[-1]
    return slider, status


def test_an_untouched_slider_is_no_prediction(monkeypatch):
    slider, status = shown_slider(monkeypatch)
    assert notebook.prediction("k") is None and "Move the slider" in status.value
    slider.value = 7
    assert notebook.prediction("k") == 7 and "7" in status.value


def test_running_the_cell_again_forgets_the_old_prediction(monkeypatch):
    slider, _ = shown_slider(monkeypatch)
    slider.value = 3
    shown_slider(monkeypatch)
    assert notebook.prediction("k") is None


def test_a_widget_given_a_function_sees_a_later_prediction(monkeypatch):
    slider, _ = shown_slider(monkeypatch, max=30)
    live = lambda: notebook.prediction("k")        # as the notebooks pass it to experiment.widget
    slider.value = 4
    assert current(live) == 4
    slider.value = 12                               # moved after the experiment's cell ran
    assert current(live) == 12
    assert current(5.0) == 5.0 and current(None) is None

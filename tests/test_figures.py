"""One way to show a figure (course/figures.py): plain Figures outside pyplot, shown once as PNG images.

Why (course.figures): the inline backend shows and closes every pyplot figure after each kernel
message, so a pyplot figure built in a widget callback was taken half-built; and display() of a
pyplot figure in a cell shows it twice. So nothing in course/ may import pyplot, and notebooks show
figures with figures.show.
"""
from __future__ import annotations

import ast
import base64
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from course.paths import SOLUTIONS_DIR

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
NOTEBOOKS = sorted(SOLUTIONS_DIR.glob("*/*.ipynb")) + sorted((ROOT / "grading").glob("*.ipynb"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def pyplot_uses(tree: ast.AST) -> list[str]:
    """Each import of matplotlib.pyplot (or pylab) in `tree`, and each %matplotlib / %pylab magic, as text."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names
                      if alias.name.startswith(("matplotlib.pyplot", "matplotlib.pylab")) or alias.name == "pylab"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(("matplotlib.pyplot", "matplotlib.pylab")) or node.module == "pylab":
                found.append(f"from {node.module} import ...")
            elif node.module == "matplotlib":
                found += [f"from matplotlib import {a.name}" for a in node.names if a.name in ("pyplot", "pylab")]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("run_line_magic", "run_cell_magic") and node.args
              and isinstance(node.args[0], ast.Constant) and node.args[0].value in ("matplotlib", "pylab")):
            found.append(f"%{node.args[0].value}")
    return found


def cell_tree(source: str) -> ast.AST:
    """A notebook cell as Python: IPython turns its magics into get_ipython() calls first."""
    return ast.parse(TransformerManager().transform_cell(source))


@pytest.mark.parametrize("source, expected", [
    ("def plot():\n    import matplotlib.pyplot as plt\n", ["matplotlib.pyplot"]),
    ("from matplotlib import pyplot, ticker\n", ["from matplotlib import pyplot"]),
    ("from matplotlib.pyplot import subplots\n", ["from matplotlib.pyplot import ..."]),
    ("from pylab import *\n", ["from pylab import ..."]),
    ("from matplotlib.figure import Figure\nfrom matplotlib import ticker\nimport matplotlib\n", []),
])
def test_the_scan_finds_pyplot_imports_wherever_they_are(source, expected):
    assert pyplot_uses(ast.parse(source)) == expected


def test_the_scan_finds_the_matplotlib_magic_in_a_cell():
    assert pyplot_uses(cell_tree("%matplotlib inline\nx = 1\n")) == ["%matplotlib"]
    assert pyplot_uses(cell_tree("%%fix oversell\nimport matplotlib.pyplot\n")) == []   # a magic's body is text


def test_no_module_under_course_imports_pyplot():
    files = sorted(COURSE.rglob("*.py"))
    assert COURSE / "figures.py" in files and len(files) > 50
    offenders = {str(f.relative_to(ROOT)): uses for f in files if (uses := pyplot_uses(ast.parse(f.read_text())))}
    assert offenders == {}, "build figures with course.figures.new_figure and show them with figures.show"


def test_no_notebook_uses_pyplot_directly():
    assert len(NOTEBOOKS) >= 7
    offenders = {}
    for path in NOTEBOOKS:
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code" and (uses := pyplot_uses(cell_tree(cell.source))):
                offenders[f"{path.relative_to(ROOT)} cell {cell.get('id')}"] = uses
    assert offenders == {}, "notebooks show figures with course.figures.show"


def test_new_figure_is_outside_pyplot_and_png_draws_it():
    from course import figures

    fig = figures.new_figure(figsize=(2, 1.5), dpi=50)
    fig.subplots().plot([1, 2, 3])
    assert fig.canvas.manager is None                # pyplot gives every figure it knows a manager
    data = figures.png(fig)
    assert data.startswith(PNG_SIGNATURE) and len(data) > 500


# ---------------------------------------------------------------- figures.show in a real kernel

SHOW_IN_A_KERNEL = [
    "import ipywidgets as widgets\n"
    "from course import figures\n"
    "fig = figures.new_figure(figsize=(2, 1.5))\n"
    "fig.subplots().plot([1, 3, 2])",
    "figures.show(fig)",                          # an ordinary cell, nothing imported pyplot (the course's case)
    "%matplotlib inline\n"
    "import matplotlib.pyplot as plt\n"           # the test's own control: now the inline backend is active
    "control = plt.figure(figsize=(2, 1.5))\n"
    "control.subplots().plot([1, 3, 2])\n"
    "display(control)",                           # a pyplot figure: display, then the backend at cell end
    "figures.show(fig)",                          # an ordinary cell, with the inline backend active
    "out = widgets.Output()\n"
    "button = widgets.Button()\n"
    "def on_click(_=None):\n"
    "    with out:\n"
    "        figures.show(fig)\n"
    "button.on_click(on_click)\n"
    "display(out)\n"
    "button.click()",                             # a widget callback, writing into an Output
    "print(*[sorted(o.get('data', {})) for o in out.outputs], sep='\\n')",   # what the Output holds
]


@pytest.fixture(scope="module")
def shown() -> list[list[dict]]:
    """The cells above, run by nbclient (a frontend that keeps Output widgets' contents): each cell's outputs."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in SHOW_IN_A_KERNEL])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    return [cell.outputs for cell in nb.cells]


def images(outputs: list[dict]) -> list[bytes]:
    return [base64.b64decode(o["data"]["image/png"]) for o in outputs if "image/png" in o.get("data", {})]


@pytest.mark.slow
def test_show_displays_a_figure_once_as_png_in_a_cell(shown):
    assert len(images(shown[2])) == 2            # control: the inline backend shows a pyplot figure again
    for cell in (shown[1], shown[3]):            # before and after pyplot was imported
        [image] = images(cell)
        assert image.startswith(PNG_SIGNATURE)


@pytest.mark.slow
def test_show_in_a_widget_callback_goes_into_the_output(shown):
    assert images(shown[4]) == []                # nothing escapes the Output into the cell
    assert [o["text"] for o in shown[5]] == ["['image/png', 'text/plain']\n"]


# ---------------------------------------------------------------- readable at notebook width

def _visible_labels(axis, low: float, high: float) -> list[str]:
    return [t.get_text() for t, value in zip(axis.get_ticklabels(), axis.get_ticklocs())
            if t.get_text() and low <= value <= high]


@pytest.mark.parametrize("ys", [[120, 180, 260, 400], [3, 9, 30, 90], [1000, 1010, 1030, 1060]],
                         ids=["under-a-decade", "two-decades", "nearly-flat"])
def test_growth_plots_have_readable_text_and_enough_labelled_ticks(ys):
    """Issue 14: tiny legends and a single labelled tick on log axes in 02 and 03's plots."""
    import pandas as pd

    from course import figures
    from course.kits.measure.plots import MIN_FONT, growth_figure

    table = pd.DataFrame({"implementation": ["assistant"] * 4 + ["fix"] * 4, "n": [100, 200, 400, 800] * 2,
                          "queries": ys + [y // 2 + 1 for y in ys]})
    fig = growth_figure(table, [("queries", "SQL statements")])
    figures.png(fig)                                       # draw it: tick labels exist once drawn
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    assert len(_visible_labels(ax.yaxis, low, high)) >= 2, _visible_labels(ax.yaxis, low, high)
    assert _visible_labels(ax.xaxis, *ax.get_xlim()) == ["100", "200", "400", "800"]
    texts = [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label, ax.yaxis.label,
             *ax.get_legend().get_texts()]
    assert min(t.get_fontsize() for t in texts if t.get_text()) >= MIN_FONT


# ---------------------------------------------------------------- laid out: no empty axes, no text cut or overlapping

def layout_problems(fig) -> list[str]:
    """What a learner would see wrong in `fig` drawn on its own canvas (no bbox_inches="tight" to rescue it): an
    axes with nothing plotted, a text reaching past the figure's edge, a legend over plotted points (the learner's
    prediction star hid behind one), one axes' labels running into another's."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    canvas = FigureCanvasAgg(fig)
    canvas.draw()                                   # as figures.png draws it, layout engine included
    renderer = canvas.get_renderer()
    page = Bbox.from_bounds(0, 0, *canvas.get_width_height())
    problems = [f"axes {i} ({ax.get_title()!r}) shows no data" for i, ax in enumerate(fig.axes)
                if not (ax.lines or ax.collections or ax.patches or ax.images)]
    def drawn_ticks(axis, low: float, high: float) -> list:   # labels of ticks outside the view are not drawn
        low, high = sorted((low, high))
        return [t for t, at in zip(axis.get_ticklabels(), axis.get_ticklocs()) if low <= at <= high]

    texts = [t for ax in fig.axes for t in (ax.title, ax.xaxis.label, ax.yaxis.label,
                                            *drawn_ticks(ax.xaxis, *ax.get_xlim()),
                                            *drawn_ticks(ax.yaxis, *ax.get_ylim()))]
    texts += [t for t in fig.texts]
    for t in texts:
        if t.get_text() and t.get_visible():
            box = t.get_window_extent(renderer)
            inside = (box.x0 >= page.x0 - 0.5 and box.y0 >= page.y0 - 0.5
                      and box.x1 <= page.x1 + 0.5 and box.y1 <= page.y1 + 0.5)
            if not inside:
                problems.append(f"{t.get_text()!r} is cut by the figure's edge")
    for i, ax in enumerate(fig.axes):
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        hidden = [line.get_label() for line in ax.lines
                  if any(box.contains(x, y) for x, y in ax.transData.transform(line.get_xydata()))]
        if hidden:
            problems.append(f"axes {i}'s legend covers points of {hidden}")
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes]
    for i, a in enumerate(fig.axes):
        for j, b in enumerate(fig.axes):
            if i != j and boxes[i].overlaps(b.get_window_extent(renderer)):
                problems.append(f"axes {i}'s labels run into axes {j}")
    return problems


def _pricing_results():
    import pandas as pd

    from course.scenarios.pricing.experiment import COLUMNS, RATES
    rows = [{"implementation": label, "failure_rate": rate, "latency_ms": 20, "requests": 40,
             "correct": 40 - k, "said_missing": k, "errors": "", "success_rate": (40 - k) / 40, "p50_s": 0.05,
             "p99_s": 10.0 * rate, "calls": 40 + k, "amplification": 1 + rate, "seconds": 0.1}
            for label in ("assistant's code", "your fix") for k, rate in enumerate(RATES)]
    return pd.DataFrame(rows, columns=COLUMNS)


def test_the_layout_check_sees_an_empty_axes_a_cut_label_and_overlapping_axes():
    from course import figures
    fig = figures.new_figure(figsize=(6, 3))
    left, right = fig.subplots(1, 2)
    left.plot([0, 1], [0, 1], label="a line")
    left.plot([0.5], [0.5], marker="*", label="your prediction")
    left.legend(loc="center")
    left.set_ylabel("a label long enough to run off a small figure's edge, as in module 02 " * 2)
    right.set_ylabel("calls received per get_price")
    problems = layout_problems(fig)
    assert any("axes 1" in p and "no data" in p for p in problems)
    assert any("is cut by the figure's edge" in p for p in problems)
    assert any("run into" in p for p in problems)
    assert any("legend covers points of ['your prediction']" in p for p in problems)


@pytest.mark.parametrize("with_fix", [True, False], ids=["with-fix", "assistant-only"])
def test_module_02s_pricing_plot_has_data_in_every_axes_and_no_text_cut(with_fix):
    from course.scenarios.pricing import experiment
    results = _pricing_results()
    if not with_fix:
        results = results[results.implementation == "assistant's code"]
    fig = experiment.plot(results, prediction=50)
    assert layout_problems(fig) == []


def test_module_02s_amplification_plot_has_data_and_no_text_cut():
    from course.scenarios.storm import amplification
    fig = amplification.plot(amplification.table(rates=(0.0, 0.5, 1.0), skus=4, progress=False))
    assert layout_problems(fig) == []

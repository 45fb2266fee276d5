"""Automatic inspection of an ID copy: is anything still visible that rules.md 5.3 says must be
blacked out? A face, a document number, a national number (Belgian rijksregisternummer, Dutch BSN),
the MRZ lines.

Transient and in memory (rules 5.3 "Portal controls"): the text read from the image is looked at
here and dropped; only yes/no findings and the rectangles to black out leave this module. Engines
ship inside their wheels, so nothing is downloaded at run time: OpenCV's bundled Haar cascades for
faces, RapidOCR's ONNX models for text.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from dsar.identity import patterns

log = logging.getLogger(__name__)

FACE = "face"
KINDS = (FACE, patterns.DOCUMENT_NUMBER, patterns.NATIONAL_NUMBER, patterns.MRZ)

OCR_MAX_SIDE = 1600  # the recogniser works on 48-pixel-high crops: more pixels only cost time
DETECTOR_MAX_SIDE = 960  # where the text is; its memory grows with the square of this
FACE_SIDE = 800  # faces on ID photos are large; the cascades run at this size
MIN_FACE_FRACTION = 0.05  # of the shorter side: smaller blobs are texture, not a portrait
MAX_TEXT_IN_FACE = 0.3  # a "face" mostly covered by recognised text is printed text, not a photo
MIN_OCR_SCORE = 0.5

Rect = tuple[int, int, int, int]


@dataclass
class Inspection:
    face_visible: bool = False
    document_number_visible: bool = False
    national_number_visible: bool = False
    mrz_visible: bool = False
    # Rectangles (x0, y0, x1, y1) in the inspected image, per kind: used only to draw the
    # auto-redacted proposal, never stored with the text that was read there.
    regions: list[tuple[str, Rect]] = field(default_factory=list)

    @property
    def properly_redacted(self) -> bool:
        return not (
            self.face_visible
            or self.document_number_visible
            or self.national_number_visible
            or self.mrz_visible
        )

    def flags(self) -> dict[str, bool]:
        return {
            "face_visible": self.face_visible,
            "document_number_visible": self.document_number_visible,
            "national_number_visible": self.national_number_visible,
            "mrz_visible": self.mrz_visible,
            "properly_redacted": self.properly_redacted,
        }

    def to_dict(self) -> dict:
        return {**self.flags(), "regions": [[kind, list(rect)] for kind, rect in self.regions]}

    @classmethod
    def from_dict(cls, data: dict) -> Inspection:
        return cls(
            face_visible=bool(data["face_visible"]),
            document_number_visible=bool(data["document_number_visible"]),
            national_number_visible=bool(data["national_number_visible"]),
            mrz_visible=bool(data["mrz_visible"]),
            regions=[(str(kind), tuple(int(v) for v in rect)) for kind, rect in data.get("regions", [])],
        )

    def add(self, kind: str, rect: Rect) -> None:
        setattr(self, f"{kind}_visible", True)
        self.regions.append((kind, rect))


@dataclass
class TextLine:
    text: str
    rect: Rect
    score: float

    @property
    def height(self) -> int:
        return max(1, self.rect[3] - self.rect[1])


# --- engines (loaded once per process; loading the OCR models takes about a second) -------------

_lock = threading.Lock()
_engines: dict[str, object] = {}


def _ocr():
    with _lock:
        if "ocr" not in _engines:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from rapidocr_onnxruntime import RapidOCR
                from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession

                # One thread per inspection, in the caller's thread: the sandbox server loads the
                # models once and forks a child per inspection, and a fork keeps only the thread
                # that forked, so a session with a thread pool would wait for ever in the child.
                make_options = OrtInferSession._init_sess_opts
                OrtInferSession._init_sess_opts = staticmethod(lambda config: _lean(make_options(config)))
                try:
                    engine = RapidOCR(  # the detector's size: _with_bounded_detector below
                        rec_batch_num=1,  # one text line at a time: the batch's padding is memory
                        use_cls=False,
                        print_verbose=False,
                        intra_op_num_threads=1,
                        inter_op_num_threads=1,
                    )
                finally:
                    OrtInferSession._init_sess_opts = staticmethod(make_options)
                _engines["ocr"] = _with_bounded_detector(engine)
        return _engines["ocr"]


def _with_bounded_detector(engine):
    """RapidOCR's "max" mode picks the detector's input size from the picture (960, 1,500 or 2,000
    pixels) whatever limit it was given: a 1,600-pixel photo went through the detector whole and
    the child needed 650 MiB. The detector gets at most DETECTOR_MAX_SIDE pixels; the recogniser
    still reads each line from the full picture, so small print is not lost."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    detector = engine.text_det
    bounded = DetPreProcess(DETECTOR_MAX_SIDE, "max", detector.mean, detector.std)
    detector.get_preprocess = lambda _longest_side: bounded
    return engine


def _lean(options):
    """Basic graph optimisations only: the full level rewrites the detector into a blocked memory
    layout that needs about 150 MB more per inspection (on a 960-pixel page) for a few per cent of
    speed, and the sandbox caps every inspection's memory."""
    from onnxruntime import GraphOptimizationLevel

    options.graph_optimization_level = GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.enable_cpu_mem_arena = False  # the arena keeps its largest size for the child's life
    return options


def _cascades():
    with _lock:
        if "faces" not in _engines:
            import cv2

            root = cv2.data.haarcascades
            _engines["faces"] = (
                cv2.CascadeClassifier(root + "haarcascade_frontalface_default.xml"),
                cv2.CascadeClassifier(root + "haarcascade_frontalface_alt.xml"),
            )
        return _engines["faces"]


def warm_up() -> None:
    """Load every engine now (the sandbox server does, before it forks its first child)."""
    _ocr()
    _cascades()


# --- text --------------------------------------------------------------------------------------


def read_text(image: Image.Image) -> list[TextLine]:
    import numpy as np

    scale = min(1.0, OCR_MAX_SIDE / max(image.size))
    work = image if scale == 1.0 else image.resize((round(image.width * scale), round(image.height * scale)))
    result, _elapsed = _ocr()(np.asarray(work.convert("RGB")))
    lines = []
    for quad, text, score in result or []:
        if float(score) < MIN_OCR_SCORE:
            continue
        xs = [point[0] / scale for point in quad]
        ys = [point[1] / scale for point in quad]
        lines.append(
            TextLine(
                str(text), (int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1), float(score)
            )
        )
    return lines


def _near_value(label: TextLine, candidate: TextLine) -> bool:
    """Is candidate printed right below or right after the label (where ID documents put values)?"""
    h = label.height
    lx0, ly0, lx1, ly1 = label.rect
    cx0, cy0, cx1, cy1 = candidate.rect
    below = ly0 + 0.3 * h <= cy0 <= ly1 + 1.6 * h and cx0 < lx1 and cx1 > lx0 - h and abs(cx0 - lx0) < 4 * h
    same_row = abs((cy0 + cy1) / 2 - (ly0 + ly1) / 2) < 0.7 * h and 0 <= cx0 - lx1 + h < 8 * h
    return below or same_row


def find_numbers(lines: list[TextLine], found: Inspection) -> None:
    texts = [line.text for line in lines]
    hits = patterns.classify_lines(texts)
    for hit in hits:
        found.add(hit.kind, lines[hit.index].rect)
    # A value recognised by its check digits or format is that kind of number; the weaker label
    # rule below only names values nothing else recognised (a tilted photo puts one number near
    # another number's label).
    recognised = {hit.index for hit in hits}
    for index, line in enumerate(lines):
        kind = patterns.label_kind(line.text)
        if kind is None:
            continue
        for other_index, other in enumerate(lines):
            if other_index == index or other_index in recognised:
                continue
            if patterns.code_like(other.text) and _near_value(line, other):
                found.add(kind, other.rect)
                recognised.add(other_index)


# --- faces -------------------------------------------------------------------------------------


def _iou(a: Rect, b: Rect) -> float:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def find_faces(image: Image.Image, lines: list[TextLine]) -> list[Rect]:
    """Faces that two cascades agree on, that are not flat and not made of recognised text.

    One cascade alone fires on the edge of a black box next to a column of text; the second opinion
    and the OCR boxes remove those, while real portraits (colour or black-and-white, as on the
    Belgian eID) are found by both."""
    import cv2
    import numpy as np

    scale = FACE_SIDE / max(image.size)
    grey = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2GRAY)
    grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    text_mask = np.zeros(grey.shape, dtype=np.uint8)
    for line in lines:
        x0, y0, x1, y1 = (int(v * scale) for v in line.rect)
        text_mask[y0:y1, x0:x1] = 1
    side = max(24, int(min(grey.shape) * MIN_FACE_FRACTION))
    primary, secondary = _cascades()

    def detect(cascade, neighbours):
        found = cascade.detectMultiScale(
            grey, scaleFactor=1.05, minNeighbors=neighbours, minSize=(side, side)
        )
        return [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h in found]

    confirmations = detect(secondary, 2)
    faces = []
    for rect in detect(primary, 3):
        x0, y0, x1, y1 = rect
        if grey[y0:y1, x0:x1].std() < 25 or text_mask[y0:y1, x0:x1].mean() > MAX_TEXT_IN_FACE:
            continue
        if any(_iou(rect, other) > 0.3 for other in confirmations):
            faces.append(tuple(int(v / scale) for v in rect))
    return faces


# --- the whole inspection ------------------------------------------------------------------------


def inspect(image: Image.Image, progress: Callable[[str], None] | None = None) -> Inspection:
    """Run every check on an already sanitised image (see sanitise.py)."""
    step = progress or (lambda _stage: None)
    found = Inspection()
    step("text")
    lines = read_text(image)
    step("face")
    for rect in find_faces(image, lines):
        found.add(FACE, rect)
    step("numbers")
    find_numbers(lines, found)
    return found


def redact(image: Image.Image, inspection: Inspection) -> Image.Image:
    """The auto-redacted proposal: black boxes over everything found, with a margin (a face box
    covers the forehead to the chin only, so it grows by a third to cover hair and neck)."""
    proposal = image.convert("RGB").copy()
    draw = ImageDraw.Draw(proposal)
    for kind, (x0, y0, x1, y1) in inspection.regions:
        w, h = x1 - x0, y1 - y0
        grow_x, grow_y = (w // 3, h // 3) if kind == FACE else (h // 3 + 4, h // 4 + 4)
        draw.rectangle((x0 - grow_x, y0 - grow_y, x1 + grow_x, y1 + grow_y), fill="black")
    return proposal

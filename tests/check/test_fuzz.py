"""Property-based fuzzing of the loader and the checker (issue #3): whatever text an editor or a
hostile pull request puts in a data file, ``oitsite check`` answers with findings (Thai message,
a line inside the file) and never raises.

Budget: 5 properties, 1,000 examples per run: the two on the loader alone run 300 examples each,
the two that run the whole check (load → schema → evaluate → validate) on a mutated or random
file of the bad-input base agency run 150 each, and one checks the exact line and column of a
control character (100). ``deadline=None``: an example may take a second on a busy machine.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from minimal_agency import BASE, SOURCE_DATE_EPOCH, make_agency, write_mini_catalog

from oitsite.check.validate import check
from oitsite.findings import Finding
from oitsite.load.yamlsrc import MAX_YAML_BYTES, load_yaml, parse_yaml

THAI = re.compile(r"[\u0e01-\u0e5b]")
LOADER_EXAMPLES = 300
CHECK_EXAMPLES = 150
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                      HealthCheck.data_too_large])

#: Characters that matter to YAML, Markdown and the Thai readers, plus Thai text and digits.
YAML_ALPHABET = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?~\t\n\r ") + list("abcxyz019") + list("กขนาย๐๑๙")
                                + ["\u200b", "\x07", "\ufeff", "\x85", "\u2028", "<", ">", "/", "."])
FRAGMENTS = st.sampled_from([
    "&a ", "*a", "<<: *a\n", "!!binary ", "!!python/object:os.system ", "!local ", "? ", "--- \n", "...\n",
    "[[[[[[", "]]]]", "{a: ", "'", '"', "|\n", ">-\n", "\t", "  - ", "- - - ", "key: value\n", ": :",
    "2567-02-29", "๒๕๖๗", "0812345678", ".nan", "1e999", "<script>alert(1)</script>", "```{raw} html\n",
    "../../etc/passwd", "files/announcement-th.pdf", "null", "~", "yes", "0o17", "0x1F", "1_000",
])


def _loose_line_ok(f: Finding, text: str) -> bool:
    if f.line is None:
        return True
    lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text))
    return 1 <= f.line <= lines + 1


def _assert_findings(findings: list[Finding], text: str | None = None) -> None:
    for f in findings:
        assert isinstance(f, Finding)
        assert THAI.search(f.message_th), f
        if text is not None:
            assert _loose_line_ok(f, text), (f.line, f.format())


@st.composite
def yamlish(draw) -> str:
    parts = draw(st.lists(st.one_of(st.text(YAML_ALPHABET, max_size=12), FRAGMENTS), max_size=40))
    return "".join(parts)


@st.composite
def mutated(draw, text: str) -> str:
    """A base file with a few random edits: insert, delete, replace, duplicate or swap lines."""
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "dup", "swap"]))
        n = len(text)
        i = draw(st.integers(0, n))
        if op == "insert":
            text = text[:i] + draw(st.one_of(FRAGMENTS, st.text(YAML_ALPHABET, min_size=1, max_size=6))) + text[i:]
        elif op == "delete" and n:
            j = draw(st.integers(i, min(n, i + 20)))
            text = text[:i] + text[j:]
        elif op == "replace" and n:
            j = draw(st.integers(i, min(n, i + 3)))
            text = text[:i] + draw(st.text(YAML_ALPHABET, min_size=1, max_size=3)) + text[j:]
        elif op in ("dup", "swap"):
            lines = text.split("\n")
            a = draw(st.integers(0, len(lines) - 1))
            b = draw(st.integers(0, len(lines) - 1))
            if op == "dup":
                lines.insert(b, lines[a])
            else:
                lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


BASE_FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.yaml"))


# --------------------------------------------------------------------------- loader only


@settings(FUZZ, max_examples=LOADER_EXAMPLES)
@given(text=st.one_of(yamlish(), st.text(max_size=200)))
def test_parse_yaml_never_raises(text: str):
    src, findings = parse_yaml(text, "data/x.yaml")
    assert src is not None or findings, "a refused document must say why"
    _assert_findings(findings, text)


@settings(FUZZ, max_examples=LOADER_EXAMPLES)
@given(raw=st.one_of(st.binary(max_size=300), st.text(YAML_ALPHABET, max_size=200).map(lambda t: t.encode("utf-8")),
                     st.text(max_size=80).map(lambda t: t.encode("cp874", errors="ignore"))))
def test_load_yaml_bytes_never_raise(raw: bytes, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.getbasetemp() / "fuzz-bytes.yaml"
    path.write_bytes(raw)
    src, findings = load_yaml(path, "data/x.yaml")
    assert src is not None or findings
    _assert_findings(findings)


def test_loader_limits_are_cheap(tmp_path: Path):
    """The limits the fuzzers rely on: oversize files are refused before being read."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(MAX_YAML_BYTES + 1)
    src, findings = load_yaml(big, "big.yaml")
    assert src is None and [f.code.value for f in findings] == ["oit.file-too-large"] and findings[0].line == 1


# --------------------------------------------------------------------------- the whole check


@pytest.fixture(scope="module")
def fuzz_agency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_agency(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def mini_catalogs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return [write_mini_catalog(tmp_path_factory.mktemp("fuzz-catalog"))]


def _check_with(agency: Path, rel: str, text: str, catalogs: list[Path]) -> None:
    target = agency / rel
    original = (BASE / rel).read_bytes()
    try:
        target.write_text(text, encoding="utf-8")
        report = check(agency, 2567, catalogs)
        _assert_findings([f for f in report.findings if f.file and f.file.endswith(rel)], text)
        _assert_findings(report.findings)
    finally:
        target.write_bytes(original)


@settings(FUZZ, max_examples=CHECK_EXAMPLES)
@given(data=st.data())
def test_check_mutated_base_never_raises(data, fuzz_agency: Path, mini_catalogs: list[Path], monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    rel = data.draw(st.sampled_from(BASE_FILES), label="file")
    text = data.draw(mutated((BASE / rel).read_text(encoding="utf-8")), label="text")
    _check_with(fuzz_agency, rel, text, mini_catalogs)


@settings(FUZZ, max_examples=CHECK_EXAMPLES)
@given(rel=st.sampled_from(BASE_FILES), text=yamlish())
def test_check_random_file_never_raises(rel: str, text: str, fuzz_agency: Path, mini_catalogs: list[Path], monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    _check_with(fuzz_agency, rel, text, mini_catalogs)


def test_fuzz_agency_restored(fuzz_agency: Path):
    """The fuzzers put every file back: the copy still equals the base."""
    for rel in BASE_FILES:
        assert (fuzz_agency / rel).read_bytes() == (BASE / rel).read_bytes()
    shutil.rmtree(fuzz_agency)


@settings(FUZZ, max_examples=100)
@given(lines=st.lists(st.text(st.sampled_from(list("abc xyz:-กขคงนาย๑๒")), max_size=12), min_size=1, max_size=8),
       data=st.data())
def test_control_character_line_is_exact(lines: list[str], data):
    """An invisible control character is reported on its own line and column, also after Thai
    text (libyaml counts its position in bytes, editors count characters)."""
    k = data.draw(st.integers(0, len(lines) - 1), label="line")
    col = data.draw(st.integers(0, len(lines[k])), label="column")
    lines[k] = lines[k][:col] + "\x07" + lines[k][col:]
    src, findings = parse_yaml("\n".join(lines), "data/x.yaml")
    assert src is None and len(findings) == 1
    assert (findings[0].line, findings[0].column) == (k + 1, col + 1), findings[0].format()

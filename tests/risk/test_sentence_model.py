"""The sentence model behind the text signals (veilignet/risk/sentence_model.py): the stored model is built from
the training files in the repo, finds clear paraphrases the term lists miss, never reports a negated,
hypothetical or other-person mention as present, is switched off by RISK_SIGNAL_MODEL, and trains
deterministically."""

import hashlib
import io
import json
import pickle

import pytest
from django.core.management import call_command
from django.test import override_settings

from veilignet.risk import sentence_model as sm
from veilignet.risk import signals
from veilignet.risk.instrument import ALL_CODES

# Clear paraphrases, not in the training files, that the term lists do not find (checked below).
PARAPHRASES = [
    ("Hij heeft de politie gebeld met het verzonnen verhaal dat zij hem had aangevallen.", "third_party_abuse"),
    ("Hij neemt haar hele salaris in en zij moet om elk tientje vragen.", "financial_control"),
]


def _rules(text):
    return getattr(signals, "screen_rules", signals.screen)(text)


def _model_present(text):
    """Codes the model adds as present (rules excluded)."""
    rules = _rules(text)
    return {s.code for s in sm.extra_signals(text, rules, force=True) if s.status == "present"} - {
        s.code for s in rules if s.status == "present"}


def test_stored_model_is_current_with_the_training_files():
    meta = json.loads(sm.META_PATH.read_text(encoding="utf-8"))
    assert sm.training_files(), "geen trainingsbestanden"
    assert meta["training_hash"] == sm.training_hash(), "draai manage.py train_signal_model"
    assert meta["files"] == [f.name for f in sm.training_files()]
    assert meta["model_sha256"] == hashlib.sha256(sm.MODEL_PATH.read_bytes()).hexdigest()
    # 6.4 MB with ~6,800 training entries, 8.6 MB with 14,778 (session 8): more distinct n-grams compress less; 12.6 MB
    # with the status columns (session 10, 17,338 entries: half their coefficients are zero, n-grams of no mention)
    assert sm.MODEL_PATH.stat().st_size <= 14 * 1024 * 1024
    model = sm.load_model()
    assert model["codes"] == list(ALL_CODES)
    assert set(model["thresholds"]) == set(ALL_CODES)
    assert all(t >= sm.MIN_THRESHOLD for t in model["thresholds"].values())
    call_command("train_signal_model", "--check", stdout=io.StringIO())


def test_check_reports_a_stale_model(tmp_path, monkeypatch):
    extra = tmp_path / "extra.yaml"
    extra.write_text('extra:\n- t: "Hij sloeg haar."\n  f: [recent_violence]\n', encoding="utf-8")
    monkeypatch.setattr(sm, "training_files", lambda: [*sorted(sm.TRAINING_DIR.glob("*.yaml")), extra])
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="niet actueel"):
        call_command("train_signal_model", "--check", stdout=io.StringIO())


def test_training_files_parse_and_use_the_vocabulary():
    entries = sm.load_entries()
    assert len(entries) >= 2000
    codes = {c for e in entries for c, s in e["required"] if s == "present"}
    assert codes == set(ALL_CODES)


def test_a_code_a_file_did_not_label_is_neither_present_nor_absent(tmp_path):
    f = tmp_path / "part.yaml"
    f.write_text('unlabelled_codes: [stalking]\npart:\n- t: "Hij wacht haar elke dag op."\n  f: []\n'
                 '- t: "Hij volgt haar niet."\n  f: [stalking:negated]\n', encoding="utf-8")
    first, second = sm.load_entries([f])
    assert first["required"] == set() and first["optional"] == {("stalking", "present")}
    assert second["required"] == {("stalking", "negated")} and second["optional"] == set()
    f.write_text('unlabelled_codes: [stalken]\npart:\n- t: "Tekst."\n  f: []\n', encoding="utf-8")
    with pytest.raises(ValueError, match="onbekende code"):
        sm.load_entries([f])


def test_training_files_without_notes_of_two_sentences_train_a_model_without_stacker(tmp_path):
    """The stacker learns from notes of two or more sentences; without any, training still gives the layers below it."""
    f = tmp_path / "single.yaml"
    lines = ["single:"]
    for text, labels in [("Hij heeft een mes in huis.", "[weapons]"), ("Er is geen mes in huis.", "[weapons:negated]"),
                         ("Hij leest haar berichten.", "[surveillance]"), ("De afspraak is verzet.", "[]")] * 3:
        lines += [f'- t: "{text}"', f"  f: {labels}"]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model, meta = sm.train([f], folds=2)
    assert "stacker" not in model and meta["stacker"] is None
    text = "Hij heeft een mes in huis. Hij leest haar berichten."
    assert sm.extra_signals(text, _rules(text), model=model, force=True) is not None


def test_labels_in_both_formats():
    assert sm.parse_labels(["weapons", "stalking:negated", "separation/hypothetical", "isolation~"]) == (
        {("weapons", "present"), ("stalking", "negated"), ("separation", "hypothetical")},
        {("isolation", "present")})


@pytest.mark.parametrize(("text", "code"), PARAPHRASES)
def test_clear_unseen_paraphrases_are_found(text, code):
    assert all(text != e["t"] for e in sm.load_entries())
    assert code not in {s.code for s in _rules(text)}, "the rules find it already: pick another paraphrase"
    assert code in _model_present(text)
    added = [s for s in sm.extra_signals(text, _rules(text), force=True) if s.code == code]
    assert added and all(text[s.start:s.end] == s.text and s.text for s in added)


@pytest.mark.parametrize("text", [
    # negated
    "Er is geen sprake van dat hij de politie belde met een verzonnen verhaal over haar.",
    "Mevrouw ontkent dat hij haar telefoon met een app volgt.",
    "Hij heeft nooit haar telefoon met een app gevolgd.",
    "Ze krijgt van hem gewoon geld voor boodschappen en hoeft geen bonnetjes te laten zien.",
    # hypothetical
    "Als hij haar telefoon met een app volgt, moet ze dat melden.",
    "Vraag of hij de politie heeft gebeld met een verzonnen verhaal dat zij hem had aangevallen.",
    "Mocht hij haar telefoon met een app volgen, dan volgt een melding.",
    # another person
    "Zijn vorige partner vertelde dat hij haar telefoon met een app volgde.",
    "Haar zus zegt dat haar eigen man de politie belde met het verzonnen verhaal dat zij hem had aangevallen.",
])
def test_negated_hypothetical_or_other_person_is_never_added_as_present(text):
    codes = {c for _, c in PARAPHRASES}
    assert not (_model_present(text) & codes), text


def test_guarded_mentions_in_the_training_files_are_rarely_added_as_present():
    # Zero until the training files grew to ~6,800 entries (1,793 with a guarded mention) on 2026-11-23: then 13
    # (0.7 %), in long notes where the model's best sentence is another than the guarded one. Session 8 (14,778 entries,
    # 4,199 with a guarded mention, every code on): 46 (1.1 %), mostly negations without a negation word ("laat haar met
    # rust"); on the unseen batches 31-34 the leaking entries did not grow (10 -> 9). Session 9 (15,118 entries, 4,323
    # guarded, C 64: a model more sure of itself on the texts it learnt from): 79 (1.8 %), while on text no model had seen
    # the leaking entries did not grow (batches 35-38: 10 -> 9; 39-42: 8 -> 8, its veto taking some); with the last
    # round (16,998 entries, 4,832 guarded) 87 (1.8 %), on the unseen 43-46 10 leaking as with session 8's code. Bound at 2 %.
    guarded_entries, leaks = 0, []
    for e in sm.load_entries():
        _, tolerated, guarded = sm._expected(e)
        if not guarded:
            continue
        guarded_entries += 1
        if guarded & _model_present(e["t"]):
            leaks.append(e["t"])
    assert guarded_entries > 1000
    assert len(leaks) <= 0.02 * guarded_entries, leaks


def test_only_codes_the_rules_did_not_find_in_that_sentence_are_added():
    text = "Hij heeft haar gisteren gewurgd. " + PARAPHRASES[0][0]
    rules = _rules(text)
    out = sm.extra_signals(text, rules, force=True)
    assert out[: len(rules)] == rules or set(rules) <= set(out)
    for s in set(out) - set(rules):
        sentence = next((a, b) for a, b in sm.sentence_spans(text) if a <= s.start < b)
        assert s.code not in {r.code for r in rules if r.start < sentence[1] and r.end > sentence[0]}


def test_the_setting_switches_the_model_off():
    text, code = PARAPHRASES[0]
    with override_settings(RISK_SIGNAL_MODEL=True):
        assert code in {s.code for s in signals.screen(text) if s.status == "present"}
    with override_settings(RISK_SIGNAL_MODEL=False):
        assert signals.screen(text) == _rules(text)
        assert code not in {s.code for s in signals.screen(text)}


def test_training_is_deterministic():
    entries = sm.load_entries()[::8]
    texts = [e["t"] for e in entries]
    labels = [sm._topic_labels(e) for e in entries]

    def build():
        m = sm.fit(texts, [x[0] for x in labels], [x[1] for x in labels],
                   present=([sm._present_labels(e)[0] for e in entries], [sm._present_labels(e)[1] for e in entries]))
        return pickle.dumps((m["word"].vocabulary_, m["char"].vocabulary_, m["coef"].tobytes(), m["intercept"].tobytes(),
                             m["present_coef"].tobytes(), m["present_intercept"].tobytes()))

    assert build() == build()
    points = [(0.55, True, False), (0.7, True, False), (0.6, False, True)] + [(0.9, True, False)] * 20
    assert sm.choose_threshold(points) == sm.choose_threshold(list(points)) == (0.61, 21, 0)


def test_fast_prediction_equals_the_sklearn_vectorisers():
    import numpy as np
    import scipy.sparse as sp

    model = sm.load_model()
    sentences = [e["t"] for e in sm.load_entries()[::20]] + [
        "", "!!", "Mw.  vertelt\tdat HIJ 'haar' sloeg;  É", "xyzzy qqq", PARAPHRASES[0][0]]
    fast, reference = sm.predict_proba(model, sentences), sm.predict_proba_sklearn(model, sentences)
    assert fast.shape == reference.shape == (len(sentences), len(ALL_CODES))
    assert np.allclose(fast, reference, atol=1e-5)
    # the status columns on the same features
    X = sm._normalise(sp.hstack([model["word"].transform(sentences), model["char"].transform(sentences)]).tocsr())
    status = sm._columns(model, sm._features(model, sentences), status=True)
    assert status.shape == (len(sentences), len(ALL_CODES))
    assert np.allclose(status, 1 / (1 + np.exp(-(np.asarray(X @ model["present_coef"]) + model["present_intercept"]))), atol=1e-5)


def test_whole_text_candidates_follow_the_text_threshold():
    text = "Mevrouw kwam naar het spreekuur. Ze vertelt dat het thuis onrustig is."
    rules = _rules(text)
    # the whole-text layer alone: without the status columns (which may drop what it adds) and the stacker
    model = {k: v for k, v in sm.load_model().items() if k not in ("stacker", "present_coef", "present_intercept")}
    key = lambda s: (s.code, s.status, s.start, s.end)  # noqa: E731
    off = {key(s) for s in sm.extra_signals(text, rules, model=model, force=True)}
    model["text_threshold"] = 0.0
    on = {key(s) for s in sm.extra_signals(text, rules, model=model, force=True)}
    added = on - off
    known = {s.code for s in rules} | {k[0] for k in off}
    assert sorted(k[0] for k in added) == sorted(set(ALL_CODES) - known)  # every other code, once
    spans = sm.sentence_spans(text)
    assert all(any(a <= k[2] and k[3] <= b for a, b in spans) for k in added)  # inside one sentence


def test_the_veto_drops_a_present_flag_whose_note_is_not_about_its_code(monkeypatch):
    """Session 9: a rule's present flag goes when the topic probability of its sentences and of the whole note are below
    VETO_BELOW; never for a fatal red flag, a guarded status, or a note of one sentence; the whole note can keep it."""
    import numpy as np

    from veilignet.risk.signals import Signal

    model = {"codes": ["stalking", "strangulation"]}
    text = "Hij stond bij het hek. Het hek is groen."
    spans = [(0, 22), (23, len(text))]
    low = np.array([[0.02, 0.01], [0.03, 0.02]])
    flag = Signal(code="stalking", status="present", start=4, end=9, text=text[4:9])
    whole = {"p": np.array([[0.04, 0.01, 0.9]])}  # (codes..., gate): the note as a whole, scored only when needed
    monkeypatch.setattr(sm, "_proba", lambda m, rows: whole["p"])
    assert sm._vetoed(model, text, spans, low, None, [flag]) == []
    whole["p"] = np.array([[0.6, 0.01, 0.9]])
    assert sm._vetoed(model, text, spans, low, None, [flag]) == [flag]
    whole["p"] = np.array([[0.04, 0.01, 0.9]])
    fatal = Signal(code="strangulation", status="present", start=4, end=9, text=text[4:9])
    negated = Signal(code="stalking", status="negated", start=4, end=9, text=text[4:9])
    assert sm._vetoed(model, text, spans, low, None, [fatal, negated]) == [fatal, negated]
    assert sm._vetoed(model, text[:22], spans[:1], low[:1], None, [flag]) == [flag]
    high = np.array([[0.5, 0.01], [0.03, 0.02]])
    assert sm._vetoed(model, text, spans, high, None, [flag]) == [flag]


def test_the_learnt_status_overrules_the_rules_only_where_it_is_nearly_sure(monkeypatch):
    """Session 10: a guarded flag is made present at PRESENT_ABOVE (not just below), a present flag is dropped below
    PRESENT_BELOW (never a fatal red flag); a flag's probability is the highest of the sentences it touches; a code in two
    statuses in one sentence is left alone; nothing changes in a note of one sentence."""
    import numpy as np

    from veilignet.risk.signals import Signal

    codes = ["surveillance", "stalking", "strangulation", "fear_of_partner"]
    model = {"codes": codes}
    text = "Hij leest elke avond haar berichten. Ze kijkt naar de grond als hij binnenkomt."
    spans = sm.sentence_spans(text)
    assert len(spans) == 2
    surveillance = Signal("surveillance", "negated", 4, 35, text[4:35])
    stalking = Signal("stalking", "present", 4, 35, text[4:35])
    strangulation = Signal("strangulation", "present", 4, 35, text[4:35])
    fear = Signal("fear_of_partner", "hypothetical", 0, len(text), text)  # touches both sentences
    present = np.array([[0.5, sm.PRESENT_BELOW / 2, sm.PRESENT_BELOW / 2, 0.2],
                        [0.5, 0.5, 0.5, sm.PRESENT_ABOVE]])

    def run(p_surveillance, n=2):
        present[0, 0] = p_surveillance
        return [(s.code, s.status) for s in sm._learnt_status(model, text, spans[:n], present[:n],
                                                              [surveillance, stalking, strangulation, fear])]

    assert run(sm.PRESENT_ABOVE) == [("fear_of_partner", "present"), ("strangulation", "present"), ("surveillance", "present")]
    assert run(sm.PRESENT_ABOVE - 0.001) == [("fear_of_partner", "present"), ("strangulation", "present"),
                                             ("surveillance", "negated")]
    # nothing in a note of one sentence
    one = "Hij leest elke avond haar berichten."
    # every status column sure of "present", every topic column of nothing: the status columns must not be consulted
    monkeypatch.setattr(sm, "_features", lambda m, rows: np.zeros((len(rows), 1)))
    monkeypatch.setattr(sm, "_columns", lambda m, X, status=False: np.ones((len(X), 4)) if status else np.zeros((len(X), 5)))
    flag = Signal("surveillance", "negated", 4, 35, one[4:35])
    assert sm.extra_signals(one, [flag], model={**model, "thresholds": {}, "present_coef": None}, force=True) == [flag]
    # a code the rules read in two statuses in one sentence is left as they read it
    contrast = Signal("surveillance", "present", 0, 3, text[0:3])
    out = sm._learnt_status(model, text, spans, present, [contrast, surveillance])
    assert [(s.code, s.status) for s in out] == [("surveillance", "present"), ("surveillance", "negated")]


def test_the_status_columns_learn_present_apart_from_a_mention():
    """The status columns are trained on "reported present" among the entries that mention the code (_present_labels), the
    topic columns on "mentioned in any status": a negated mention is a topic positive and a status negative."""
    texts = (["Hij heeft een mes in huis.", "Hij bewaart een mes in de la.", "Er ligt een mes van hem klaar."] * 3
             + ["Er is geen mes in huis.", "Hij heeft geen mes in de la.", "Nooit een mes van hem gezien."] * 3
             + ["De afspraak is verzet.", "Zij werkt in de zorg.", "Het huis is opgeruimd."] * 3)
    entries = [{"required": {("weapons", "present")} if i < 9 else {("weapons", "negated")} if i < 18 else set(),
                "optional": set()} for i in range(len(texts))]
    topic = [sm._topic_labels(e) for e in entries]
    present = [sm._present_labels(e) for e in entries]
    assert all("weapons" in skip for _, skip in present[18:])  # the status columns learn from mentions only
    model = sm.fit(texts, [t[0] for t in topic], [t[1] for t in topic], codes=["weapons"],
                   present=([p[0] for p in present], [p[1] for p in present]))
    X = sm._features(model, ["Hij heeft een mes in de la.", "Er is geen mes in de la."])
    topic_p, status_p = sm._columns(model, X)[:, 0], sm._columns(model, X, status=True)[:, 0]
    assert topic_p[0] > 0.5 and topic_p[1] > 0.5  # both mention a knife
    assert status_p[0] > 0.5 > status_p[1]  # only the first reports one


def test_a_candidate_its_status_column_confirms_is_added_whatever_the_gate(monkeypatch):
    """Session 10: where the topic p(code) and the code's status column both reach CONFIRMED_BY_STATUS, the candidate is
    added though the gated probability stays below the threshold - not below that bound, not in a note of one
    sentence, never a fatal red flag."""
    import numpy as np

    model = {k: v for k, v in sm.load_model().items() if k != "stacker"}  # the layer below the stacker
    j = model["codes"].index("surveillance")
    text = "Hij leest elke avond haar berichten. De afspraak is verzet naar dinsdag."
    spans = sm.sentence_spans(text)
    n = len(model["codes"])

    def columns(topic_p, status_p, rows, status):
        # the first sentence: topic p(code) topic_p, a gate that keeps the gated probability at 0.3, status status_p
        if status:
            present = np.full((rows, n), 0.5)
            present[0, j] = status_p
            return present
        p = np.full((rows, n + 1), 0.01)
        p[:, -1] = 1.0
        p[0, j], p[0, -1] = topic_p, 0.3 / topic_p
        return p

    def added(topic_p, status_p, t=text):
        monkeypatch.setattr(sm, "_features", lambda m, rows: np.zeros((len(rows), 1)))
        monkeypatch.setattr(sm, "_columns", lambda m, X, status=False: columns(topic_p, status_p, len(X), status))
        return [(s.code, s.status) for s in sm.extra_signals(t, [], model=model, force=True)]

    bound = sm.CONFIRMED_BY_STATUS
    assert len(spans) == 2
    assert added(bound, bound) == [("surveillance", "present")]
    assert added(bound - 0.01, 0.99) == added(0.99, bound - 0.01) == []
    assert added(0.99, 0.99, t="Hij leest elke avond haar berichten.") == []
    j = model["codes"].index("strangulation")  # never a fatal red flag
    assert added(0.99, 0.99, t="Hij kneep haar keel dicht. De afspraak is verzet naar dinsdag.") == []


def test_the_stacker_arrays_predict_as_sklearn():
    """_stack_arrays / _stack_proba walk the fitted trees as sklearn's predictor does (left at or below the threshold)."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = rng.random((3000, 6))
    X[:, 5] = (X[:, 5] > 0.5).astype(float)  # a 0/1 feature, as the stacker's flags
    y = (X[:, 0] + X[:, 1] * X[:, 5] + 0.2 * rng.standard_normal(3000)) > 0.8
    clf = HistGradientBoostingClassifier(max_iter=60, max_depth=sm.STACK_DEPTH, max_leaf_nodes=None, random_state=0).fit(X, y)
    stack = sm._stack_arrays(clf)
    probe = np.vstack([rng.random((500, 6)), X[:100], np.zeros((1, 6)), np.ones((1, 6))])
    assert np.allclose(sm._stack_proba(stack, probe), clf.predict_proba(probe)[:, 1], atol=1e-9)


def test_fitting_the_stacker_is_deterministic():
    import numpy as np

    rng = np.random.default_rng(1)
    X = rng.random((400, 5))
    y = X[:, 0] > 0.5
    w = np.where(X[:, 1] > 0.8, sm.STACK_GUARDED_WEIGHT, 1.0)
    a, b = sm.fit_stacker(X, y, w), sm.fit_stacker(X, y, w)
    assert all(np.array_equal(a[k], b[k]) for k in ("feature", "threshold", "value"))
    assert a["baseline"] == b["baseline"]
    assert 0 < a["depth"] <= sm.STACK_DEPTH


def test_the_stacker_rows_describe_what_the_layers_found():
    """One row per candidate code: the layers' present flag, the rules' statuses, the status column of the sentences the
    rules flag (-1 where they flag none) and the code one-hot; a code nothing points to is no candidate."""
    import numpy as np

    from veilignet.risk.signals import Signal

    codes = ["surveillance", "stalking", "weapons"]
    model = {"codes": codes}
    text = "Hij leest haar berichten. Er zijn geen wapens in huis."
    spans = sm.sentence_spans(text)
    gated = np.array([[0.9, 0.1, 0.0], [0.0, 0.1, 0.1]])
    topic = np.array([[0.95, 0.1, 0.0], [0.0, 0.1, 0.9]])
    status = np.array([[0.8, 0.3, 0.2], [0.1, 0.2, 0.04]])
    rules = [Signal("weapons", "negated", 38, 44, text[38:44])]
    found = rules + [Signal("surveillance", "present", 4, 24, text[4:24])]
    got, X = sm._stack_rows(model, spans, (gated, None, topic, None, status), rules, found)
    assert got == ["surveillance", "weapons"]  # stalking: below both candidate bounds, found by no layer
    surveillance, weapons = X
    assert surveillance[0] == 1 and weapons[0] == 0  # found present
    assert list(weapons[1:6]) == [0, 1, 0, 0, 0] and weapons[6] == 1  # the rules' statuses: negated
    assert weapons[11] == weapons[12] == 0.04 and surveillance[11] == -1  # status column where the rules flag it
    assert surveillance[7] == 0.9 and weapons[8] == 0.9  # highest gated, highest topic
    assert list(surveillance[-3:]) == [1, 0, 0] and list(weapons[-3:]) == [0, 0, 1]
    assert weapons[-4] == 1 and surveillance[-4] == 0 and len(surveillance) == 19 + len(codes)  # fatal red flag


def test_the_stacker_has_the_last_word_in_notes_of_two_or_more_sentences(monkeypatch):
    """Session 11: a code the stacker gives STACK_THRESHOLD or more becomes present (its flag with the highest status
    column, or a new flag in the sentence of its highest topic probability), a code below it loses its present flags -
    never a fatal red flag; guarded flags stay; a note of one sentence is left to the layers."""
    import numpy as np

    from veilignet.risk.signals import Signal

    codes = ["surveillance", "stalking", "strangulation", "isolation"]
    model = {"codes": codes, "stacker": {}}
    text = "Hij leest haar berichten. Hij stond bij haar werk. Ze ziet haar familie."
    spans = sm.sentence_spans(text)
    topic = np.array([[0.9, 0.1, 0.1, 0.1], [0.1, 0.8, 0.1, 0.2], [0.1, 0.1, 0.1, 0.7]])
    status = np.array([[0.3, 0.1, 0.1, 0.1], [0.1, 0.6, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1]])
    proba = (topic, None, topic, None, status)
    surveillance = Signal("surveillance", "negated", 4, 24, text[4:24])
    stalking = Signal("stalking", "present", 30, 49, text[30:49])
    strangulation = Signal("strangulation", "present", 30, 49, text[30:49])
    p = {}
    monkeypatch.setattr(sm, "_stack_proba", lambda stack, X: np.array([p[c] for c in order]))
    monkeypatch.setattr(sm, "indicative_span", lambda m, sentence, j: (0, len(sentence)))
    found = [surveillance, stalking, strangulation]
    order = [c for c in codes]  # every code is a candidate here (topic >= STACK_CANDIDATE_TOPIC or found)
    t = sm.STACK_THRESHOLD
    p.update(surveillance=t, stalking=t - 0.01, strangulation=0.0, isolation=t)
    out = [(s.code, s.status, s.start) for s in sm._stacked(model, text, spans, proba, [], found)]
    assert ("surveillance", "present", 4) in out  # made present
    assert not [x for x in out if x[0] == "stalking"]  # dropped
    assert ("strangulation", "present", 30) in out  # a fatal red flag is never dropped
    assert ("isolation", "present", spans[2][0]) in out  # added where its topic is highest
    p.update(surveillance=t - 0.01, stalking=t, isolation=t - 0.01)
    out = [(s.code, s.status) for s in sm._stacked(model, text, spans, proba, [], found)]
    assert out == [("surveillance", "negated"), ("stalking", "present"), ("strangulation", "present")]  # as found
    # two guarded flags of one code: the one whose sentence scores highest in the status column becomes present
    twice = [Signal("stalking", "hypothetical", 4, 24, text[4:24]), Signal("stalking", "negated", 30, 49, text[30:49])]
    order = ["surveillance", "stalking", "isolation"]
    p.update(surveillance=0.0, stalking=0.9, isolation=0.0)
    out = [(s.code, s.status, s.start) for s in sm._stacked(model, text, spans, proba, [], twice)]
    assert out == [("stalking", "hypothetical", 4), ("stalking", "present", 30)]
    # extra_signals gives the stacker the last word in a note of two or more sentences, never in a note of one
    calls = []
    monkeypatch.setattr(sm, "_stacked", lambda *a: calls.append(a[1]) or [])
    real = sm.load_model()
    assert "stacker" in real
    two = "Hij leest haar berichten. Hij stond bij haar werk."
    assert sm.extra_signals(two, _rules(two), model=real, force=True) == [] and calls == [two]
    one = "Hij leest haar berichten."
    sm.extra_signals(one, _rules(one), model=real, force=True)
    assert calls == [two]

from veilignet.cases.identity import bsn_is_valid, fold, normalise_bsn


def test_known_valid_bsns_pass_the_elfproef():
    assert bsn_is_valid("111222333")
    assert bsn_is_valid("123456782")


def test_invalid_bsns_fail():
    assert not bsn_is_valid("123456789")  # checksum wrong
    assert not bsn_is_valid("000000000")  # sum zero
    assert not bsn_is_valid("12345678")  # too short
    assert not bsn_is_valid("12345678a")


def test_normalise_restores_leading_zero_and_strips_punctuation():
    assert normalise_bsn("1234.56.782") == "123456782"
    assert normalise_bsn("12345678") == "012345678"


def test_fold_removes_case_and_accents():
    assert fold("  Öztürk ") == "ozturk"
    assert fold("Zoë") == "zoe"

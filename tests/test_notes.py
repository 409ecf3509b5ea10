"""C2SP signed-note, checkpoint and cosignature: published known answers and strict parsing,
and the write side's checkpoint signer checked by the verifier side."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.checkpoints import checkpoint_body
from ledger.checkpoints import signed_note
from ledger.checkpoints import vkey
from verify import note as notes

# golang.org/x/mod/sumdb/note tests (note_test.go / doc example).
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY_SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
PETER_NOTE = PETER_TEXT + "\n\u2014 PeterNeumann " + PETER_SIG + "\n"
# transparency-dev/formats note tests: a key whose base64 contains '+', and a cosignature (0x04) key.
PLUS_KEY = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"
COSIG_KEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"


def test_go_known_answer_verifies_and_our_signer_reproduces_it() -> None:
    verifier = notes.Verifier.parse(PETER_VKEY)
    assert verifier.hash.hex() == "c74f20a3"
    parsed = notes.parse_note(PETER_NOTE)
    assert parsed.text == PETER_TEXT
    assert notes.verify_signature(parsed, verifier) is True
    signature = notes.sign_note(PETER_TEXT, "PeterNeumann", Ed25519PrivateKey.from_private_bytes(PETER_SKEY_SEED))
    assert signature.line() == "\u2014 PeterNeumann " + PETER_SIG + "\n"
    tampered = notes.parse_note(PETER_NOTE.replace("cryptography", "cryptographY"))
    assert notes.verify_signature(tampered, verifier) is False


def test_vkeys_with_plus_in_base64_and_cosignature_type_parse() -> None:
    assert notes.Verifier.parse(PLUS_KEY).vkey() == PLUS_KEY
    cosig = notes.Verifier.parse(COSIG_KEY)
    assert cosig.alg == notes.ALG_COSIGNATURE_V1
    assert cosig.vkey() == COSIG_KEY


def test_mangled_verifier_keys_are_rejected() -> None:
    # As Go's TestNewVerifier: every proper substring fails, and so does every byte + 1.
    for i in range(len(PETER_VKEY)):
        for j in range(i + 1, len(PETER_VKEY) + 1):
            if (i, j) != (0, len(PETER_VKEY)):
                with pytest.raises(notes.NoteError):
                    notes.Verifier.parse(PETER_VKEY[i:j])
    for i in range(len(PETER_VKEY)):
        mangled = PETER_VKEY[:i] + chr(ord(PETER_VKEY[i]) + 1) + PETER_VKEY[i + 1 :]
        try:
            parsed = notes.Verifier.parse(mangled)
        except notes.NoteError:
            continue
        assert parsed.public_key != notes.Verifier.parse(PETER_VKEY).public_key or parsed.name != "PeterNeumann"


@pytest.mark.parametrize(
    "body",
    [
        "o\n1\n" + base64.b64encode(bytes(32)).decode() + "\nextension\n",  # extension line
        "o\n01\n" + base64.b64encode(bytes(32)).decode() + "\n",  # leading zero
        "o\n-1\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n",  # short root
        "o\n1\n" + base64.b64encode(bytes(32)).decode(),  # no final newline
        "\n1\n" + base64.b64encode(bytes(32)).decode() + "\n",  # empty origin
        "o\x07\n1\n" + base64.b64encode(bytes(32)).decode() + "\n",  # control character
    ],
)
def test_checkpoint_parser_is_strict(body: str) -> None:
    with pytest.raises(notes.NoteError):
        notes.parse_checkpoint(body)


def test_write_side_checkpoint_verifies_on_verify_side() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    public = notes._raw_public(key)
    body = checkpoint_body("fundtrail.example/x", 42, bytes(range(32)))
    text = signed_note("fundtrail.example/x", body, public, key.sign(body.encode()))
    parsed = notes.parse_note(text)
    cp = notes.parse_checkpoint(parsed.text)
    assert (cp.origin, cp.size, cp.root) == ("fundtrail.example/x", 42, bytes(range(32)))
    verifier = notes.Verifier.parse(vkey("fundtrail.example/x", public))
    assert notes.verify_signature(parsed, verifier) is True
    witness = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
    wv = notes.Verifier("witness.example", notes._raw_public(witness), notes.ALG_COSIGNATURE_V1)
    parsed.signatures.append(notes.cosign(parsed.text, "witness.example", witness, 1_743_476_400))
    reparsed = notes.parse_note(parsed.render())
    assert notes.verify_signature(reparsed, wv) is True
    assert notes.cosignature_time(reparsed, wv) == 1_743_476_400
    assert notes.verify_signature(reparsed, verifier) is True
    # A cosignature does not carry over to a different checkpoint.
    other = notes.Note(parsed.text.replace("42", "43"), reparsed.signatures)
    assert notes.verify_signature(other, wv) is False

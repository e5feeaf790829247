"""Reading uploaded bytes as transcript text, and refusing what is not text."""

import pytest

from archive.ingest.readers import UnreadableTranscript, decode_transcript

CHINESE = (
    "2020年5月27日外交部发言人赵立坚主持例行记者会\n\n"
    "问：中方对此有何评论？\n答：香港是中国的特别行政区。\n"
)


def test_utf8_is_read_as_is():
    assert decode_transcript("Q: Ça va?\nA: Oui.".encode()) == "Q: Ça va?\nA: Oui."


def test_utf8_byte_order_mark_is_dropped():
    assert decode_transcript(b"\xef\xbb\xbfHello") == "Hello"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(encoding):
    data = CHINESE.encode(encoding)
    if encoding != "utf-16":
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        data = bom + data
    assert decode_transcript(data) == CHINESE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [CHINESE, "Q: Why now?\nA: Because it is time.\n"],
                         ids=["chinese", "english"])
def test_utf16_without_a_byte_order_mark_is_detected(encoding, text):
    assert decode_transcript(text.encode(encoding)) == text


def test_nul_bytes_that_decode_as_utf16_control_characters_are_still_binary():
    with pytest.raises(UnreadableTranscript, match="binary: it contains NUL bytes"):
        decode_transcript(b"\x00\x01\x00\x02" * 500)


def test_gb18030_chinese_is_read():
    assert decode_transcript(CHINESE.encode("gb18030")) == CHINESE


@pytest.mark.parametrize("data", [b"", b"   \n\n  "])
def test_an_empty_file_is_refused(data):
    with pytest.raises(UnreadableTranscript, match="empty"):
        decode_transcript(data)


def test_an_image_renamed_txt_is_refused_by_its_content():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(UnreadableTranscript, match="PNG image"):
        decode_transcript(png)


def test_arbitrary_binary_is_refused():
    with pytest.raises(UnreadableTranscript, match="binary"):
        decode_transcript(bytes(range(256)) * 4)


def test_latin1_text_is_refused_with_a_clear_message():
    with pytest.raises(UnreadableTranscript, match="UTF-8, UTF-16 or GB18030"):
        decode_transcript("Déclaration à la presse, señor".encode("latin-1") * 3)

"""The translation files: complete in all three languages, and read well."""

from __future__ import annotations

import json
from pathlib import Path
import re
import string
from typing import Any

import pytest

from custom_components.hotel_lock import services

ROOT = Path(__file__).parent.parent
TRANSLATIONS = ROOT / "custom_components/hotel_lock/translations"
PANEL_STRINGS = ROOT / "frontend/src/i18n.ts"
LANGUAGES = ("en", "zh-Hans", "zh-Hant")
CHINESE = ("zh-Hans", "zh-Hant")
# The strings about the options' code Home Assistant asks for before a remote
# unlock (not a PIN of any door).
UNLOCK_CODE_KEYS = (
    "options.step.general.data.unlock_code",
    "options.step.general.data_description.unlock_code",
    "options.error.invalid_unlock_code",
    "exceptions.code_required.message",
    "exceptions.invalid_code.message",
)
UNLOCK_CODE_TERM = {"zh-Hans": "开锁验证码", "zh-Hant": "開鎖驗證碼"}
DOOR_PIN_TERM = {"zh-Hans": "门锁密码", "zh-Hant": "門鎖密碼"}
# One term per concept: the word each language uses, and the variants it does
# not (a variant that crept in, the other script's or the other region's).
PREFERRED_TERMS = {
    "zh-Hans": {
        "客人": ("住客",),  # guest
        "动作": ("此操作", "操作数据"),  # action
        "离店时间": ("退房时间",),  # departure (退房时间 is the check-out option)
        "发卡器": ("发卡机",),  # desk encoder
        "日历": ("行事历",),  # calendar
        "代替": ("取代",),  # instead of
        "有效期至": ("有效期限",),  # valid until
    },
    "zh-Hant": {
        "客人": ("住客",),
        "離店時間": ("退房時間",),
        "發卡機": ("發卡器",),
        "行事曆": ("日曆", "日历"),
        "飯店": ("旅館", "酒店"),
        "取代": ("代替",),
        "有效期限至": ("有效期至",),
        "更新間隔": ("重新整理間隔",),
        "憑據": ("拒絕了憑證",),  # the appid and appsecret (憑證: a door's credential)
    },
}
CHECK_OUT_TIME_KEY = "options.step.stays.data.check_out_time"
# What a Markdown renderer drops from the end of a bare URL (GFM autolinks).
URL_TRAILING = "?!.,:;*_'\"~()"


def flat(language: str) -> dict[str, str]:
    """Return a translation file as dotted keys and their strings."""
    data = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))

    def walk(prefix: str, node: Any) -> dict[str, str]:
        if isinstance(node, str):
            return {prefix: node}
        result: dict[str, str] = {}
        for key, value in node.items():
            result.update(walk(f"{prefix}.{key}" if prefix else key, value))
        return result

    return walk("", data)


def placeholders(text: str) -> set[str]:
    """Return the names of a string's placeholders."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", CHINESE)
def test_same_keys_and_placeholders(language: str) -> None:
    """Every English string exists in the language, with the same placeholders."""
    english = flat("en")
    other = flat(language)
    assert sorted(set(english) - set(other)) == [], "missing"
    assert sorted(set(other) - set(english)) == [], "not in English"
    mismatched = {
        key
        for key, text in english.items()
        if placeholders(text) != placeholders(other[key])
    }
    assert sorted(mismatched) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_empty_string(language: str) -> None:
    """No string is empty or padded (Home Assistant's translation rules)."""
    for key, text in flat(language).items():
        assert text, key
        assert text == text.strip(), key


def _raised_keys() -> set[str]:
    """Every exception translation key the action code can raise."""
    source = "\n".join(
        path.read_text() for path in Path(services.__file__ or "").parent.glob("*.py")
    )
    keys = set(re.findall(r'validation_error\(\s*"([a-z_]+)"', source))
    keys |= set(re.findall(r'FieldInvalid\(\s*"([a-z_]+)"', source))
    keys |= set(re.findall(r'refused_as\(\s*"([a-z_]+)"', source))
    return keys | {"missing_field", "unknown_field", "invalid_field"}


def test_raised_errors_translated() -> None:
    """Every error the action code raises has an English message."""
    english = flat("en")
    missing = {
        key for key in _raised_keys() if f"exceptions.{key}.message" not in english
    }
    assert missing == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_urls_stand_apart(language: str) -> None:
    """A URL in a string ends where the address ends.

    The frontend renders descriptions as Markdown, which turns a bare URL into
    a link up to the next space; only ASCII punctuation is dropped from its
    end. A Chinese full stop right after the address became part of the link.
    An address in backticks is code, not a link, and ends at the backtick.
    """
    for key, text in flat(language).items():
        for token in re.findall(r"https?://[^\s`]+", text):
            url = token.rstrip(URL_TRAILING)
            assert url.isascii(), f"{key}: {url}"


@pytest.mark.parametrize("language", CHINESE)
def test_unlock_code_and_door_pins_have_distinct_terms(language: str) -> None:
    """The option's code and the guests' door PINs are never confused.

    The option is the unlock code (开锁验证码 / 開鎖驗證碼), which Home Assistant
    asks for before a remote unlock; a PIN pushed to a door is a door PIN
    (门锁密码 / 門鎖密碼). No Chinese string says "PIN".
    """
    strings = flat(language)
    unlock_code, door_pin = UNLOCK_CODE_TERM[language], DOOR_PIN_TERM[language]
    for key in UNLOCK_CODE_KEYS:
        assert unlock_code in strings[key], key
        if "data_description" not in key:
            assert door_pin not in strings[key], key
    # The option's description says what the code is not.
    assert door_pin in strings["options.step.general.data_description.unlock_code"]
    code_keys = {key for key, text in strings.items() if "验证码" in text}
    code_keys |= {key for key, text in strings.items() if "驗證碼" in text}
    assert code_keys <= set(UNLOCK_CODE_KEYS)
    assert [key for key, text in strings.items() if "PIN" in text] == []
    for key in ("services.set_pin.name", "services.clear_pin.name"):
        assert door_pin in strings[key], key


def test_unlock_code_is_not_a_door_pin_in_english() -> None:
    """In English the option is a code asked for before a remote unlock."""
    strings = flat("en")
    assert strings["options.step.general.data.unlock_code"] == "Remote unlock code"
    description = strings["options.step.general.data_description.unlock_code"]
    assert "before it sends a remote unlock" in description
    assert "not a PIN of the doors" in description
    for key in UNLOCK_CODE_KEYS:
        assert "PIN" not in strings[key].replace("not a PIN of the doors", ""), key


def panel_strings(language: str) -> dict[str, str]:
    """Return the Front desk panel's own strings of a Chinese language."""
    source = PANEL_STRINGS.read_text(encoding="utf-8")
    name = {"zh-Hans": "zhHans", "zh-Hant": "zhHant"}[language]
    body = source.split(f"const {name}: Dictionary = {{", 1)[1].split("\n};", 1)[0]
    return dict(re.findall(r'^  (\w+): "(.*)",$', body, re.M))


@pytest.mark.parametrize("language", CHINESE)
def test_one_term_per_concept(language: str) -> None:
    """The translations and the Front desk panel use one word for each concept.

    The panel's strings are read from its source, so that a word changed in
    one place and not in the other is found.
    """
    strings = {f"translations:{k}": v for k, v in flat(language).items()}
    strings |= {f"panel:{k}": v for k, v in panel_strings(language).items()}
    assert len(strings) > len(flat(language)) + 100  # the panel's were found
    variants = {
        (key, variant, term)
        for term, others in PREFERRED_TERMS[language].items()
        for variant in others
        for key, text in strings.items()
        if variant in text and key != f"translations:{CHECK_OUT_TIME_KEY}"
    }
    assert sorted(variants) == []

# Flag value decoder used by `guild.op_main` when PyYAML is not
# importable (written by the Swift `guild` binary). Decodes the YAML
# subset used for flag values: plain scalars follow PyYAML's YAML 1.1
# implicit resolvers (with Guild's float patch), plus quoted strings,
# flow sequences and flow mappings.

import re

# PyYAML's int and float constructors, shared with the fast decoder (already imported: this
# module is only loaded from it).
from guild._op_main_util import _BOOLS, _NULLS, FLOAT_PATTERN, _float, _int


def decode(s):
    return _decoder.decode(s)


class FallbackYaml:
    """Decodes the YAML subset used for flag values without PyYAML.

    Plain scalars follow PyYAML's YAML 1.1 implicit resolvers (with
    Guild's float patch); also handles quoted strings, flow sequences
    and flow mappings. Anything it cannot parse is returned as the
    stripped string.
    """

    _ESCAPES = {
        "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t",
        "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b",
        " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
        "_": "\xa0", "L": "\u2028", "P": "\u2029",
    }
    _ESCAPE_CODES = {"x": 2, "u": 4, "U": 8}

    def __init__(self):
        self._int_p = re.compile(
            r"""^(?:[-+]?0b[0-1_]+
                |[-+]?0[0-7_]+
                |[-+]?(?:0|[1-9][0-9_]*)
                |[-+]?0x[0-9a-fA-F_]+
                |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
            re.X,
        )
        self._float_p = re.compile(FLOAT_PATTERN, re.X)
        self._date_p = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")

    def decode(self, s):
        text = s.strip()
        if text == "-" or text.startswith(("- ", "-\t")):
            # Single item block sequence
            return [self.decode(text[1:])]
        try:
            val, pos = self._node(text, 0, False)
            pos = self._skip_ws(text, pos)
            if pos < len(text) and text[pos] == ":" and self._is_map_sep(text, pos):
                # Single `key: value` block mapping
                key = val
                rest = text[pos + 1 :]
                return {self._hashable(key): self.decode(rest)}
            if pos != len(text):
                return text
            return val
        except Exception:
            return text

    # ---- parser

    @staticmethod
    def _skip_ws(s, pos):
        n = len(s)
        while pos < n and s[pos] in " \t\r\n":
            pos += 1
        if pos < n and s[pos] == "#" and (pos == 0 or s[pos - 1] in " \t\r\n"):
            return n
        return pos

    @staticmethod
    def _is_map_sep(s, pos):
        return pos + 1 >= len(s) or s[pos + 1] in " \t\r\n,[]{}"

    def _node(self, s, pos, in_flow):
        pos = self._skip_ws(s, pos)
        if pos >= len(s):
            return None, pos
        c = s[pos]
        if c == "[":
            return self._seq(s, pos + 1)
        if c == "{":
            return self._map(s, pos + 1)
        if c == "'":
            return self._single(s, pos + 1)
        if c == '"':
            return self._double(s, pos + 1)
        if c in "]},":
            if in_flow:
                return None, pos
            raise ValueError(s)
        return self._plain(s, pos, in_flow)

    def _plain(self, s, pos, in_flow):
        start = pos
        n = len(s)
        end = pos
        while pos < n:
            c = s[pos]
            if c == ":" and self._is_map_sep(s, pos):
                break
            if c == "#" and pos > start and s[pos - 1] in " \t":
                break
            if in_flow and c in ",[]{}":
                break
            pos += 1
            if c not in " \t\r\n":
                end = pos
        text = s[start:end]
        if "\n" in text:
            text = " ".join(line.strip() for line in text.splitlines() if line.strip())
        return self._resolve(text), end

    def _seq(self, s, pos):
        items = []
        while True:
            pos = self._skip_ws(s, pos)
            if pos >= len(s):
                raise ValueError(s)
            if s[pos] == "]":
                return items, pos + 1
            item, pos = self._node(s, pos, True)
            pos = self._skip_ws(s, pos)
            if pos < len(s) and s[pos] == ":" and self._is_map_sep(s, pos):
                val, pos = self._node(s, pos + 1, True)
                item = {self._hashable(item): val}
                pos = self._skip_ws(s, pos)
            items.append(item)
            if pos < len(s) and s[pos] == ",":
                pos += 1
            elif pos < len(s) and s[pos] == "]":
                continue
            else:
                raise ValueError(s)

    def _map(self, s, pos):
        result = {}
        while True:
            pos = self._skip_ws(s, pos)
            if pos >= len(s):
                raise ValueError(s)
            if s[pos] == "}":
                return result, pos + 1
            key, pos = self._node(s, pos, True)
            pos = self._skip_ws(s, pos)
            val = None
            if pos < len(s) and s[pos] == ":":
                val, pos = self._node(s, pos + 1, True)
                pos = self._skip_ws(s, pos)
            result[self._hashable(key)] = val
            if pos < len(s) and s[pos] == ",":
                pos += 1
            elif pos < len(s) and s[pos] == "}":
                continue
            else:
                raise ValueError(s)

    @staticmethod
    def _hashable(key):
        if isinstance(key, (list, dict)):
            raise ValueError(key)
        return key

    @staticmethod
    def _single(s, pos):
        out = []
        n = len(s)
        while pos < n:
            c = s[pos]
            if c == "'":
                if pos + 1 < n and s[pos + 1] == "'":
                    out.append("'")
                    pos += 2
                    continue
                return "".join(out), pos + 1
            out.append(c)
            pos += 1
        raise ValueError(s)

    def _double(self, s, pos):
        out = []
        n = len(s)
        while pos < n:
            c = s[pos]
            if c == '"':
                return "".join(out), pos + 1
            if c == "\\":
                pos += 1
                if pos >= n:
                    break
                e = s[pos]
                if e in self._ESCAPES:
                    out.append(self._ESCAPES[e])
                    pos += 1
                elif e in self._ESCAPE_CODES:
                    length = self._ESCAPE_CODES[e]
                    out.append(chr(int(s[pos + 1 : pos + 1 + length], 16)))
                    pos += 1 + length
                else:
                    raise ValueError(s)
                continue
            out.append(c)
            pos += 1
        raise ValueError(s)

    # ---- scalar resolution (PyYAML SafeLoader semantics)

    def _resolve(self, v):
        if v in _NULLS:
            return None
        b = _BOOLS.get(v)
        if b is not None:
            return b
        if self._int_p.match(v):
            return _int(v)
        if self._float_p.match(v):
            return _float(v)
        m = self._date_p.match(v)
        if m:
            import datetime

            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return v



_decoder = FallbackYaml()

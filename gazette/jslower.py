"""Pagefind's browser code lowered to older JavaScript: `a?.b` and `a ?? b` rewritten.

Pagefind 1.5.2's pagefind.js is ES2018 apart from optional chaining (`?.`, 28 times) and
nullish coalescing (`??`, 20 times), which browsers before Chrome 80 / Firefox 72 cannot even
parse: the whole script fails and the search page stays silent. The two operators are rewritten
as arrow functions that evaluate their left side once:

    L?.rest        →  ((__o)=>__o==null?void 0:__o.rest)(L)
    L ?? R         →  ((__n)=>__n!=null?__n:R)(L)

L must be a member chain (`a.b[c](d)`) and R must end where the expression ends; anything the
scanner does not recognise raises ValueError, so a Pagefind upgrade that changes the code fails
the build loudly instead of shipping broken JavaScript. Arrow functions keep `this`, and R is
only evaluated when L is null or undefined, as with the original operators.

The tokenizer knows just enough JavaScript for esbuild-style output: strings, template literals
(with nested `${}`), regular expression literals, comments, identifiers, numbers, punctuators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PUNCT = re.compile(r"\?\?=|\?\?|\?\.(?!\d)|>>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|=>|==|!=|<=|>=|&&=|\|\|=|&&|\|\||"
                    r"\+\+|--|\+=|-=|\*=|/=|%=|&=|\|=|\^=|<<|>>|\*\*|[{}()\[\];,<>+\-*/%&|^!~?:=.@#]")
# After these a "/" starts a regular expression; after anything else it divides.
_REGEX_AFTER = set("( , = : [ ! & | ? { } ; + - * % < > ~ ^ => return typeof case do else in of new delete void throw "
                   "&& || ?? == === != !== += -= *= /=".split())
_KEYWORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "if", "while",
             "for", "const", "let", "var", "await", "yield", "instanceof", "function", "async"}


@dataclass
class Token:
    """One token of the source: its kind (name, num, str, tpl, re, punct, space; expr once lowered) and text."""

    kind: str
    text: str
    lead: str = ""
    """Spacing and comments before the token (kept so the output differs only where lowered)."""


_MASTER = re.compile(
    r"(?P<space>(?:[ \t\r\n]+|//[^\n]*|/\*.*?\*/)+)"
    r"|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    r"|(?P<name>[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*)"
    r"|(?P<num>0[xXoObB][\da-fA-F_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?n?)"
    r"|(?P<special>[`/])"
    r"|(?P<punct>" + _PUNCT.pattern + ")", re.S)


def tokenize(src: str) -> list[Token]:
    """Split JavaScript source into tokens, keeping every character (joined, they give src back)."""
    tokens: list[Token] = []
    pos, n = 0, len(src)
    last = None  # last significant token, to tell a regex from a division
    while pos < n:
        m = _MASTER.match(src, pos)
        if not m:
            raise ValueError(f"pagefind.js: unexpected character {src[pos]!r} at {pos}")
        kind = m.lastgroup
        if kind == "special" and src[pos] == "`":
            tok = Token("tpl", src[pos:_template_end(src, pos)])
        elif kind == "special" and (last is None or (last.kind == "punct" and last.text in _REGEX_AFTER)
                                    or (last.kind == "name" and last.text in _REGEX_AFTER)):
            end, in_class = pos + 1, False
            while in_class or src[end] != "/":
                if src[end] == "\\":
                    end += 1
                elif src[end] == "[":
                    in_class = True
                elif src[end] == "]":
                    in_class = False
                end += 1
            end += 1
            while end < n and src[end].isalpha():
                end += 1
            tok = Token("re", src[pos:end])
        elif kind == "special":
            tok = Token("punct", _PUNCT.match(src, pos).group())
        else:
            tok = Token(kind, m.group())
        tokens.append(tok)
        if kind != "space":
            last = tok
        pos += len(tok.text)
    return tokens


def _template_end(src: str, pos: int) -> int:
    """End (exclusive) of the template literal starting at pos, skipping nested ${…} code."""
    end = pos + 1
    while src[end] != "`":
        if src[end] == "\\":
            end += 2
        elif src.startswith("${", end):
            end = _code_end(src, end) + 1
        else:
            end += 1
    return end + 1


def _code_end(src: str, pos: int) -> int:
    """Index of the } that closes the ${ at pos."""
    depth, end = 1, pos + 2
    while True:
        c = src[end]
        if c in "'\"":
            end += 1
            while src[end] != c:
                end += 2 if src[end] == "\\" else 1
        elif c == "`":
            end = _template_end(src, end) - 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if not depth:
                return end
        end += 1


_BEFORE_NULLISH = {"(", "[", "{", "}", ",", ";", "?", ":", "=", "=>", "return", "+=", "-=", "*=", "/=", "||=", "&&="}
_OPEN, _CLOSE = {"(": ")", "[": "]", "{": "}"}, {")": "(", "]": "[", "}": "{"}


class _Pairs:
    """Matching brackets, found by a local scan (the token list changes as operators are lowered)."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens

    def __getitem__(self, i: int) -> int:
        tokens, t = self.tokens, self.tokens[i].text
        step, mine, other = (1, t, _OPEN[t]) if t in _OPEN else (-1, t, _CLOSE[t])
        depth, j = 0, i
        while True:
            k = tokens[j]
            if k.kind == "punct":
                if k.text == mine:
                    depth += 1
                elif k.text == other:
                    depth -= 1
                    if depth == 0:
                        return j
            j += step


def _is_value_end(t: Token) -> bool:
    return (t.kind in ("num", "str", "tpl", "re", "expr") or (t.kind == "name" and t.text not in _KEYWORDS)
            or (t.kind == "punct" and t.text in (")", "]")))


def _chain_start(tokens: list[Token], pairs: _Pairs, i: int) -> int:
    """Index of the first token of the member chain that ends at token i."""
    while True:
        t = tokens[i]
        if t.kind == "punct" and t.text in (")", "]"):
            start = pairs[i]
            if start > 0 and _is_value_end(tokens[start - 1]):
                i = start - 1  # a call or an index: the chain goes on to the left
                continue
            return start  # a parenthesised expression
        if not _is_value_end(t):
            raise ValueError(f"pagefind.js: cannot lower the expression before {tokens[i + 1].text!r}")
        if i >= 2 and tokens[i - 1].kind == "punct" and tokens[i - 1].text == ".":
            i -= 2
            continue
        return i


def _chain_end(tokens: list[Token], pairs: _Pairs, i: int) -> int:
    """Index after the member chain continuing at token i (`.x`, `[…]`, `(…)` repeated)."""
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "punct" and t.text in ("(", "["):
            i = pairs[i] + 1
        elif t.kind == "punct" and t.text == "." and tokens[i + 1].kind == "name":
            i += 2
        else:
            break
    return i


def _expression_end(tokens: list[Token], pairs: _Pairs, i: int) -> int:
    """Index of the token that ends the operand of `??` starting at token i."""
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "punct" and t.text in _OPEN:
            i = pairs[i] + 1
            continue
        if t.kind == "punct" and t.text in (";", ",", ")", "]", "}", "?", ":", "??", "||", "&&"):
            return i
        i += 1
    return i


def lower(src: str) -> str:
    """src with every `?.` and `??` rewritten (see the module docstring)."""
    tokens: list[Token] = []
    lead = ""
    for t in tokenize(src):  # spacing and comments ride along with the token after them
        if t.kind == "space":
            lead += t.text
        else:
            text = _lower_template(t.text) if t.kind == "tpl" and "${" in t.text else t.text
            tokens.append(Token(t.kind, text, lead))
            lead = ""
    pairs = _Pairs(tokens)

    def text(a: int, b: int) -> str:
        return "".join(t.lead + t.text for t in tokens[a:b]).lstrip()

    at = 0
    while True:
        at = next((i for i in range(at, len(tokens)) if tokens[i].kind == "punct" and tokens[i].text in ("?.", "??")), None)
        if at is None:
            return "".join(t.lead + t.text for t in tokens) + lead
        start = _chain_start(tokens, pairs, at - 1)
        left = text(start, at)
        if tokens[at].text == "?.":
            nxt = tokens[at + 1]
            if nxt.kind == "punct" and nxt.text == "(":
                raise ValueError("pagefind.js: optional calls (f?.()) are not supported")
            if nxt.kind == "punct" and nxt.text == "[":
                end = _chain_end(tokens, pairs, at + 1)
                rest = text(at + 1, end)
            elif nxt.kind == "name":
                end = _chain_end(tokens, pairs, at + 2)
                rest = "." + text(at + 1, end)
            else:
                raise ValueError(f"pagefind.js: unexpected {nxt.text!r} after ?.")
            new = f"((__o)=>__o==null?void 0:__o{rest})({left})"
        else:
            # `??` binds looser than anything but ?:, assignment, arrows and commas: its left side
            # must start right after one of those (or a bracket), or the rewrite would regroup it.
            before = tokens[start - 1] if start else None
            if before and before.text not in _BEFORE_NULLISH:
                raise ValueError(f"pagefind.js: cannot lower `{before.text} … ??` without changing its grouping")
            end = _expression_end(tokens, pairs, at + 1)
            if end == at + 1:
                raise ValueError("pagefind.js: ?? without a right-hand side")
            new = f"((__n)=>__n!=null?__n:{text(at + 1, end)})({left})"
        tokens[start:end] = [Token("expr", new, tokens[start].lead)]  # a value, for the chains around it
        at = start


def _lower_template(template: str) -> str:
    """A template literal with the code in each ${…} lowered."""
    out, pos = ["`"], 1
    while pos < len(template) - 1:
        if template[pos] == "\\":
            out.append(template[pos:pos + 2])
            pos += 2
        elif template.startswith("${", pos):
            end = _code_end(template, pos)
            out.append("${" + lower(template[pos + 2:end]) + "}")
            pos = end + 1
        else:
            out.append(template[pos])
            pos += 1
    out.append("`")
    return "".join(out)

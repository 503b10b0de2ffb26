"""Statements: who said what, directly quoted or reported, through which channel, about whom.

Three shapes are recognised, all from the dependency parse plus data (lexicons/speech_verbs.json,
lexicons/channels.json):

- direct quotes: a quoted stretch attributed by a reporting verb right after it (`"...," said X`,
  `"..." he told reporters`) or right before it (`X said: "..."`), possibly running over several
  sentences; a quote that opens a paragraph right after one of the speaker's quotes continues it;
  a VOA script's actuality block (`/// NAME ACT ///` ... `/// END ACT ///`). A quoted fragment
  inside reported speech ('said the plan is "a real step forward"') is not a direct quote:
  it stays part of the indirect statement.
- indirect speech: a reporting verb with a content clause ("X said (that) ...", "X says ...",
  "who announced that ...", "a joint statement saying ..."); the statement text is the reported
  clause. Speech-act verbs whose content is their complement ("urged X to ...", "accuses X of ...",
  "denies any involvement", "expressed hope ...") give a statement starting at the verb.
  "According to X, ..." makes X the speaker of the clause.
- the speaker is resolved through `Discourse` (pronouns, relative clauses, titles); a generic or
  plural group ("Officials say", "Chile and Peru issued a joint statement") gives no speaker.

Evidence: one span per sentence the statement text covers (plus the attribution when it sits in a
sentence of its own), always slices of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from importers import ids
from importers.contract import Span, Statement
from importers.extract.context import DocContext
from importers.extract.dates import normalise
from importers.extract.discourse import Discourse, Quote, load_lexicon

EXTRACTOR = "statement_rules@1"

_TRAILING = " \t\r\n,;:."
_ATTRIBUTION_WINDOW = 6  # tokens after a closing quote within which the reporting verb must come


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    speaker: str | None
    verb: Token | None
    confidence: float
    channel: str | None = None
    date: str | None = None
    extra_evidence: list[tuple[int, int]] = field(default_factory=list)


def extract_statements(ctx: DocContext) -> list[Statement]:
    """All direct and indirect statements of a document (see the module docstring)."""
    return _StatementFinder(ctx).run()


class _StatementFinder:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.d = Discourse(ctx)
        self.lex = load_lexicon("speech_verbs.json")
        self.clause_verbs = frozenset(self.lex["clause"])
        self.object_verbs = frozenset(self.lex["object"])
        self.rejecting_verbs = frozenset(self.lex["rejecting"])
        self.channels = load_lexicon("channels.json")["cues"]
        self.direct_quotes: list[Quote] = []
        self._date_ents = [e for e in self.doc.ents if e.label_ == "DATE"]
        self.found: list[_Found] = []

    def run(self) -> list[Statement]:
        if not self.ctx.body.strip() or len(self.doc) == 0:
            return []
        self._direct()
        self._actualities()
        self._indirect()
        return self._statements()

    # -- direct quotes ---------------------------------------------------------------------

    def _direct(self) -> None:
        previous: _Found | None = None
        for quote in self.d.quotes:
            verb = self._attribution_after(quote) or self._attribution_before(quote)
            own = self._attribution_within(quote)
            if own is not None and (verb is None or self._outside_quote_sentence(quote, verb)):
                verb = own
            elif verb is not None and self._closes_before(quote, verb):
                verb = None  # a quote closing its sentence is not the next sentence's speaker's
            if verb is not None:
                found = self._direct_statement(quote, verb)
                if found is not None:
                    self.found.append(found)
                    self.direct_quotes.append(quote)
                    previous = found
                continue
            if previous is not None and self._continues(quote, previous):
                self.found.append(
                    _Found(
                        quote.start,
                        self._trim_end(quote.start, quote.end),
                        "direct",
                        previous.speaker,
                        None,
                        0.7,
                        previous.channel,
                        previous.date,
                    )
                )
                self.direct_quotes.append(quote)

    def _attribution_after(self, quote: Quote) -> Token | None:
        """A reporting verb right after the closing quote mark: `"...," said X` / `"..." he said`."""
        if quote.close_at is None:
            return None
        after = self.doc.char_span(quote.close_at, len(self.ctx.body), alignment_mode="expand")
        if after is None:
            return None
        window = [t for t in after[: _ATTRIBUTION_WINDOW + 2] if not t.is_space]
        if window and window[0].text in {'"', "\u201d"}:
            window = window[1:]
        for tok in window[:_ATTRIBUTION_WINDOW]:
            if tok.text in {'"', "\u201c", "\u201d"} or (tok.is_punct and tok.text not in {","}):
                return None
            if tok.lemma_.lower() in self.clause_verbs and tok.pos_ in {"VERB", "AUX"}:
                return tok
            if tok.pos_ == "VERB" and tok.lemma_.lower() not in self.clause_verbs:
                return None
        return None

    def _attribution_within(self, quote: Quote) -> Token | None:
        """A verb of the quote's own sentence that governs it and has a named subject:
        `X called the deal "..."`, `X described it as "..."`."""
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        sent = self.ctx.sent_of_token(span[0])
        verbs = set(self.lex["quote_governors"])
        tok: Token = span.root
        for _ in range(8):
            if tok.head.i == tok.i or not (sent.start <= tok.head.i < sent.end):
                return None
            if tok.dep_ in {"ccomp", "relcl", "advcl", "acl"}:
                return None  # a partial quote inside reported speech stays part of that statement
            tok = tok.head
            if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in verbs and tok.idx < quote.open_at:
                return tok if self._speaker(tok)[0] is not None else None
        return None

    def _outside_quote_sentence(self, quote: Quote, verb: Token) -> bool:
        last = self.ctx.sentence_of(max(quote.start, quote.end - 1))
        return self.ctx.sentence_of(verb.idx) not in {last, self.ctx.sentence_of(quote.open_at)}

    def _closes_before(self, quote: Quote, verb: Token) -> bool:
        """A quote ending its sentence, then a verb of the next sentence reporting its own content
        (`"..." A spokesman said the country ...`): that verb is not the quote's attribution."""
        ends = self.ctx.body[quote.start : quote.end].rstrip().endswith((".", "!", "?"))
        own_content = any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
        return ends and own_content and self._outside_quote_sentence(quote, verb)

    def _attribution_before(self, quote: Quote) -> Token | None:
        """A reporting verb right before the opening mark: `X said: "..."`, `X told reporters, "..."`."""
        before = self.doc.char_span(0, quote.open_at, alignment_mode="contract")
        if before is None or len(before) == 0:
            return None
        tail = [t for t in before[-5:] if not t.is_space]
        if not tail or tail[-1].text not in {":", ","}:
            return None
        for tok in reversed(tail[:-1]):
            if tok.lemma_.lower() in self.clause_verbs and tok.pos_ in {"VERB", "AUX"}:
                return tok
            if tok.pos_ == "VERB":
                return None
        return None

    def _continues(self, quote: Quote, previous: _Found) -> bool:
        """A quote filling whole sentences right after the speaker's quote continues it."""
        sent_index = self.ctx.sentence_of(quote.open_at)
        sent = self.ctx.sentences[sent_index] if self.ctx.sentences else None
        if sent is None or self.ctx.body[sent.start : quote.open_at].strip():
            return False
        return 0 <= sent_index - self.ctx.sentence_of(previous.end) <= 2

    def _direct_statement(self, quote: Quote, verb: Token) -> _Found | None:
        start, end = quote.start, self._trim_end(quote.start, quote.end)
        if end <= start:
            return None
        found = self._said(start, end, "direct", verb)
        subject = self.d.subject_of(verb)
        lo, hi = verb.idx, verb.idx + len(verb)
        if subject is not None:
            lo, hi = min(lo, subject.idx), max(hi, subject.idx + len(subject))
        found.extra_evidence.append((lo, hi))
        return found

    def _trim_end(self, start: int, end: int) -> int:
        body = self.ctx.body
        while end > start and body[end - 1] in _TRAILING:
            end -= 1
        return end

    def _actualities(self) -> None:
        """VOA script excerpts: `/// NAME ACT ///` ... `/// END ACT ///` are NAME's own words."""
        body = self.ctx.body
        opener = re.compile(self.lex["actuality_open"], re.MULTILINE)
        closer = re.compile(self.lex["actuality_close"], re.MULTILINE)
        for match in opener.finditer(body):
            name = match.group("name").strip()
            if closer.match(match.group(0)):
                continue
            end_match = closer.search(body, match.end())
            content_end = end_match.start() if end_match else len(body)
            start = match.end()
            while start < content_end and body[start].isspace():
                start += 1
            end = self._trim_end(start, content_end)
            if end <= start:
                continue
            speaker = self.ctx.resolve_name(name)
            self.found.append(_Found(start, end, "direct", speaker, None, 0.8 if speaker else 0.5))
            self.direct_quotes.append(Quote(match.start(), start, end, None))

    # -- indirect speech -------------------------------------------------------------------

    def _in_direct_quote(self, offset: int) -> bool:
        return any(q.start <= offset < q.end for q in self.direct_quotes)

    def _indirect(self) -> None:
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ not in {"VERB", "AUX"} or self._in_direct_quote(tok.idx):
                continue
            if lemma in self.clause_verbs:
                complement = self._content_clause(tok)
                if complement is not None:
                    self._clause_statement(tok, complement)
                    continue
                if tok.dep_ == "parataxis" and tok.head.pos_ in {"VERB", "AUX"}:
                    self._parenthetical_statement(tok)
                    continue
            if lemma in self.object_verbs:
                self._object_statement(tok)
        for tok in self.doc:
            if tok.lower_ in self.lex["according_to"] and not self._in_direct_quote(tok.idx):
                self._according_to(tok)

    def _content_clause(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ == "ccomp" and not self._in_direct_quote(child.idx):
                return child
        # "said in a statement that ...": the parser may hang the that-clause on the channel noun.
        for prep in verb.children:
            if prep.dep_ != "prep":
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or noun.lemma_.lower() not in self.lex["channel_nouns"]:
                    continue
                for clause in noun.children:
                    marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
                    if clause.dep_ in {"acl", "relcl", "ccomp"} and marked and clause.i > verb.i:
                        return clause
        return None

    def _speech_subject(self, verb: Token) -> Token | None:
        """The subject of a reporting verb; for "X issued a statement saying ...", X."""
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in self.lex["channel_nouns"]:
            holder = verb.head.head
            return self.d.subject_of(holder) if holder.pos_ in {"VERB", "AUX"} else None
        return self.d.subject_of(verb)

    def _clause_statement(self, verb: Token, clause: Token) -> None:
        subject = self._speech_subject(verb)
        if subject is not None and subject.lemma_.lower() in self.lex["not_speech_subjects"]:
            return
        tokens = [t for t in clause.subtree if (t.i > verb.i) == (clause.i > verb.i)]
        if not tokens:
            return
        if tokens[0].i == verb.i + 1 and tokens[0].ent_type_ == "DATE":
            # "said Tuesday her government would ...": the date belongs to the saying.
            rest = [t for t in tokens if t.ent_type_ != "DATE" or t.i > tokens[0].i + 3]
            if rest and rest[0].i > tokens[0].i:
                tokens = [t for t in tokens if t.i >= rest[0].i]
        tokens = self._strip_leading(tokens, clause)
        tokens = self._without_lifted_conjuncts(tokens, verb, clause)
        if not tokens:
            return
        start = tokens[0].idx
        if verb.lemma_.lower() in self.rejecting_verbs and verb.idx < start:
            # "denied (that) X is ...": what was said is the denial, not X; keep the verb in the text.
            start = verb.idx
        # Reported speech stays inside its sentence; a parse that runs on across a sentence
        # boundary would otherwise drag the next sentence in.
        sentence = self.ctx.sentences[self.ctx.sentence_of(start)] if self.ctx.sentences else None
        limit = sentence.end if sentence is not None else len(self.ctx.body)
        end = self._trim_end(start, min(limit, tokens[-1].idx + len(tokens[-1])))
        if end <= start:
            return
        found = self._said(start, end, "indirect", verb, penalty=0.05)
        lo, hi = verb.idx, verb.idx + len(verb)
        if subject is not None:
            lo, hi = min(lo, subject.idx), max(hi, subject.idx + len(subject))
        found.extra_evidence.append((lo, hi))
        self.found.append(found)

    def _without_lifted_conjuncts(self, tokens: list[Token], verb: Token, clause: Token) -> list[Token]:
        """ "X declared that the war has ended, and agreed to ...": a conjunct whose subject is the
        speaker's (see Discourse.subject_of) is something the speaker did, not what was said."""
        for conj in clause.children:
            if conj.dep_ != "conj" or conj.pos_ not in {"VERB", "AUX"} or conj.i < verb.i:
                continue
            subject = self.d.subject_of(conj)
            if subject is not None and subject.i < verb.i:
                kept = [t for t in tokens if t.i < conj.left_edge.i]
                while kept and (kept[-1].dep_ == "cc" or kept[-1].is_punct):
                    kept.pop()
                return kept
        return tokens

    def _parenthetical_statement(self, verb: Token) -> None:
        """ "The talks, she said, were productive": the clause around the aside is what was said."""
        clause = verb.head
        if self._in_direct_quote(clause.idx):
            return
        tokens = [t for t in clause.subtree if not (t.is_punct and t.i in {clause.left_edge.i})]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens = tokens[:-1]
        if not tokens or tokens[0].i > verb.i:
            return
        start = tokens[0].idx
        end = self._trim_end(start, tokens[-1].idx + len(tokens[-1]))
        if end <= start:
            return
        found = self._said(start, end, "indirect", verb, penalty=0.1)
        self.found.append(found)

    def _strip_leading(self, tokens: list[Token], clause: Token) -> list[Token]:
        """Drop a leading complementiser ("that") and a fronted time or place phrase set off by a
        comma ("After the meeting Monday, X plans ..."): neither is part of what was said."""
        if tokens and tokens[0].lower_ == "that" and (tokens[0].dep_ == "mark" or tokens[0].pos_ == "SCONJ"):
            tokens = tokens[1:]
        if not tokens:
            return tokens
        first = tokens[0]
        front = first
        while front.head.i != clause.i and front.head.i != front.i:
            front = front.head
        if front.head.i == clause.i and front.dep_ in {"prep", "npadvmod", "advmod"} and front.i < clause.i:
            right = front.right_edge.i
            nxt = right + 1
            while (
                nxt < len(self.doc) and self.doc[nxt].dep_ == "npadvmod" and self.doc[nxt].head.i == clause.i
            ):
                right = self.doc[nxt].right_edge.i
                nxt = right + 1
            if nxt < len(self.doc) and self.doc[nxt].text == ",":
                rest = [t for t in tokens if t.i > nxt]
                if rest:
                    return rest
        return tokens

    def _object_statement(self, verb: Token) -> None:
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        requires = self.lex["object_requires"].get(lemma)
        if isinstance(requires, str):
            wanted = set(self.lex[requires])
            if not any(
                c.dep_ == "dobj" and c.lemma_.lower() in wanted | {w.lower() for w in wanted}
                for c in children
            ):
                return
        elif isinstance(requires, dict):
            preps, deps = set(requires.get("preps", [])), set(requires.get("deps", []))
            if not any((c.dep_ == "prep" and c.lower_ in preps) or c.dep_ in deps for c in children):
                return
        elif not any(c.dep_ in {"dobj", "xcomp", "ccomp"} for c in children):
            return
        subject = self._speech_subject(verb)
        if subject is not None and subject.lemma_.lower() in self.lex["not_speech_subjects"]:
            return
        right = verb
        for tok in verb.subtree:
            if tok.i > right.i:
                right = tok
        start = verb.idx
        end = self._trim_end(start, right.idx + len(right))
        if end <= start:
            return
        found = self._said(start, end, "indirect", verb, penalty=0.1)
        if subject is not None:
            found.extra_evidence.append((subject.idx, subject.idx + len(subject)))
        self.found.append(found)

    def _according_to(self, according: Token) -> None:
        """ "According to X, <clause>": X said the clause."""
        to = next((c for c in according.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            return
        clause = according.head
        while clause.dep_ == "prep" and clause.head.i != clause.i:
            clause = clause.head
        phrase = {t.i for t in according.subtree}
        tokens = [t for t in clause.subtree if t.i not in phrase and not (t.is_punct and t.i in phrase)]
        runs: list[list[Token]] = []
        for tok in tokens:
            if runs and tok.i == runs[-1][-1].i + 1:
                runs[-1].append(tok)
            else:
                runs.append([tok])
        if not runs:
            return
        run = max(runs, key=len)
        while run and run[0].is_punct:
            run = run[1:]
        if not run:
            return
        start = run[0].idx
        end = self._trim_end(start, run[-1].idx + len(run[-1]))
        if end <= start:
            return
        entities = self.d.np_entities(pobj)
        speaker = entities[0] if len(entities) == 1 else None
        found = _Found(start, end, "indirect", speaker, None, 0.7 if speaker else 0.5)
        found.extra_evidence.append((according.idx, pobj.right_edge.idx + len(pobj.right_edge)))
        self.found.append(found)

    # -- speaker, channel, date -------------------------------------------------------------

    def _said(self, start: int, end: int, kind: str, verb: Token, *, penalty: float = 0.0) -> _Found:
        """What `verb` introduces over [start, end): its speaker, channel and date, the confidence
        lowered by `penalty` for the less certain constructions."""
        speaker, confidence = self._speaker(verb)
        found = _Found(start, end, kind, speaker, verb, confidence - penalty)
        found.channel = self._channel(verb)
        found.date = self._date(verb)
        return found

    def _speaker(self, verb: Token) -> tuple[str | None, float]:
        """The speaker's entity id (None for an unnamed or plural group) and a confidence."""
        subject = self._speech_subject(verb)
        if subject is None:
            return None, 0.6
        head = self.d.np_head(subject)
        if any(c.dep_ == "conj" for c in head.children):
            return None, 0.6  # several speakers: a joint statement has no single speaker
        entities = self.d.np_entities(head, coordinated=False)
        if len(entities) != 1:
            return None, 0.6  # nobody, or a pair ("the two countries said"): no single speaker
        if head.tag_ in {"PRP", "PRP$"}:
            return entities[0], 0.75
        generic = head.lemma_.lower() in self.lex["generic_speakers"] and self.d.entity_of(head) is None
        if generic and self.d.type_of(entities[0]) != "Person":
            # "Turkish officials say", "the Peruvian Foreign Ministry said": the country speaks.
            return entities[0], 0.6
        return entities[0], 0.9

    def _channel(self, verb: Token) -> str | None:
        """The channel named around the reporting verb ("on Twitter", "in a joint statement")."""
        phrases: list[list[Token]] = []
        for child in verb.children:
            if child.dep_ in {"prep", "advcl", "npadvmod", "dobj"} and child.i != verb.i:
                phrases.append(list(child.subtree))
        subject = self.d.subject_of(verb)
        if subject is not None:
            for child in self.d.np_head(subject).children:
                if child.dep_ in {"relcl", "acl"}:
                    phrases.append(list(child.subtree))
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in self.lex["channel_nouns"]:
            phrases.insert(0, [t for t in verb.head.subtree if t.i < verb.i])
        for phrase in phrases:
            words = [t.lower_ for t in phrase]
            text = " " + " ".join(words) + " "
            for cue in self.channels:
                if f" {cue['cue']} " in text:
                    outlet = self._outlet(phrase, cue["cue"])
                    return outlet or str(cue["channel"])
        return None

    def _outlet(self, phrase: list[Token], cue: str) -> str | None:
        """A named outlet in a channel phrase ("Chile's TVN television" -> "TVN television")."""
        if cue not in {"interview", "television", "tv", "radio", "broadcast"}:
            return None
        for tok in phrase:
            if tok.lower_ in {"television", "tv", "radio", "channel", "network", "newspaper", "agency"}:
                names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ in {"PROPN", "NOUN"}]
                if names and names[0].text[:1].isupper():
                    start = min(n.idx for n in names)
                    return self.ctx.body[start : tok.idx + len(tok)]
        for tok in phrase:
            if tok.ent_type_ == "ORG" and self.d.type_of(self.d.entity_of(tok) or "") != "Country":
                ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
                if ent is not None:
                    return ent.text
        return None

    def _date(self, verb: Token) -> str | None:
        """The date of the speech act ("said Monday", "on Tuesday said")."""
        after = verb.i + 1
        if after < len(self.doc) and self.doc[after].ent_type_ == "DATE":
            for ent in self._date_ents:
                if ent.start == after:
                    return normalise(ent.text, self.ctx.published)
        for child in verb.children:
            if child.dep_ not in {"npadvmod", "prep", "tmod", "advcl"}:
                continue
            for ent in self._date_ents:
                if (
                    ent.label_ == "DATE"
                    and child.left_edge.i <= ent.start
                    and ent.end <= child.right_edge.i + 1
                ):
                    return normalise(ent.text, self.ctx.published)
        return None

    # -- assembling ------------------------------------------------------------------------

    def _statements(self) -> list[Statement]:
        out: dict[str, Statement] = {}
        direct_spans: set[tuple[int, int]] = set()
        for found in sorted(self.found, key=lambda f: (f.start, f.kind)):
            text = self.ctx.body[found.start : found.end]
            if not text.strip():
                continue
            if any(
                o.kind == "direct"
                and found.kind == "indirect"
                and o.start <= found.start
                and found.end <= o.end
                for o in self.found
            ):
                continue
            if found.kind == "indirect" and found.verb is not None and any(
                o.kind == "direct" and o.verb is not None and o.verb.i == found.verb.i for o in self.found
            ):
                continue  # `X called it "..."`: the quote is the statement, reported once
            if found.kind == "direct" and (found.start, found.end) in direct_spans:
                continue  # one quoted span, one speaker
            evidence = self._evidence(found)
            if not evidence:
                continue
            statement_id = ids.statement_id(found.speaker, text)
            if statement_id in out:
                continue
            if found.kind == "direct":
                direct_spans.add((found.start, found.end))
            about = self._about(found)
            out[statement_id] = Statement(
                id=statement_id,
                speaker=found.speaker,
                text=text,
                kind="direct" if found.kind == "direct" else "indirect",
                channel=found.channel,
                date=found.date,
                about=about,
                evidence=evidence,
                confidence=round(max(0.05, min(found.confidence, 1.0)), 2),
                extractor=EXTRACTOR,
            )
        return list(out.values())

    def _evidence(self, found: _Found) -> list[Span]:
        spans = self._spans(found.start, found.end)
        covered = {s.sentence for s in spans}
        for lo, hi in found.extra_evidence:
            for span in self._spans(lo, hi):
                if span.sentence in covered:
                    merged = next(s for s in spans if s.sentence == span.sentence)
                    start, end = min(merged.start, span.start), max(merged.end, span.end)
                    spans[spans.index(merged)] = self.ctx.span(start, end)
                else:
                    spans.append(span)
                    covered.add(span.sentence)
        return sorted(spans, key=lambda s: s.start)

    def _spans(self, start: int, end: int) -> list[Span]:
        """One span per sentence that [start, end) touches, trimmed of surrounding whitespace."""
        spans: list[Span] = []
        body = self.ctx.body
        for sent in self.ctx.sentences:
            lo, hi = max(start, sent.start), min(end, sent.end)
            while lo < hi and body[lo].isspace():
                lo += 1
            while hi > lo and body[hi - 1].isspace():
                hi -= 1
            if lo < hi:
                spans.append(Span(sentence=sent.index, start=lo, end=hi, text=body[lo:hi]))
        return spans

    def _about(self, found: _Found) -> list[str]:
        about: list[str] = []
        for mention in self.ctx.mentions_in(found.start, found.end):
            if self.ctx.entity_type(mention.entity_id) == "Office":
                continue
            if mention.entity_id not in about:
                about.append(mention.entity_id)
        return about

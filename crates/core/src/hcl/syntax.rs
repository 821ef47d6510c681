//! A parser for HCL's native syntax, with the grammar and the acceptance of HashiCorp's
//! `hclsyntax` (what Terraform reads): bodies of arguments and blocks, and expressions
//! with their templates, `for` expressions, splats and legacy indexes. Every node keeps its
//! byte span, so callers can read the author's text and layout back.
//!
//! Hand-written on top of [`super::lex`] rather than taken from `hcl-rs` (`hcl-edit`):
//! measured on the release web build, `hcl-edit` and `winnow` were 117 KB of the wasm
//! (41 KB compressed), a tenth of the download, for what is a few hundred lines here. The
//! differential tests (`tests/oracle.rs`) check it against HashiCorp's own parser.
//!
//! It stops at the first syntax error ([`Error`], with its byte offset) and never panics:
//! nesting is bounded by [`MAX_DEPTH`].

use super::lex::{Tok, Token, lex};
use std::ops::Range;

/// A byte range in the source.
pub type Span = Range<usize>;

/// How deep expressions and blocks may nest (a hostile input costs bounded stack).
pub const MAX_DEPTH: usize = 64;

/// How deep a value the builder will print may nest, checked on its own: shallower than
/// [`MAX_DEPTH`] by more than the blocks and maps it is printed inside, so the printed
/// resource always parses again (found by fuzzing: a value exactly at the limit on its own
/// was one level too deep inside its resource block).
pub const VALUE_DEPTH: usize = MAX_DEPTH - 8;

/// A syntax error: what is wrong, and where (byte offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What is wrong, in hclsyntax's words where it has them.
    pub message: String,
    /// The byte offset it was found at.
    pub offset: usize,
}

/// A body: arguments and blocks, in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    /// The items.
    pub items: Vec<Item>,
}

/// An argument or a block.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `name = expression`.
    Attr(Attribute),
    /// `type "label" { … }`.
    Block(Block),
}

impl Item {
    /// From the first byte of its name to the last byte of its value or closing brace.
    pub fn span(&self) -> Span {
        match self {
            Item::Attr(a) => a.span.clone(),
            Item::Block(b) => b.span.clone(),
        }
    }

    /// The argument name or block type.
    pub fn name(&self) -> &str {
        match self {
            Item::Attr(a) => &a.name,
            Item::Block(b) => &b.kind,
        }
    }
}

/// `name = expression`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// The name.
    pub name: String,
    /// The name's span.
    pub name_span: Span,
    /// The value.
    pub value: Expr,
    /// From the name to the end of the value.
    pub span: Span,
}

/// `type "label" ident { body }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The block type.
    pub kind: String,
    /// The block type's span.
    pub kind_span: Span,
    /// The labels, decoded.
    pub labels: Vec<(String, Span)>,
    /// The byte offset of the opening brace.
    pub open: usize,
    /// The body.
    pub body: Body,
    /// From the block type to the closing brace.
    pub span: Span,
}

impl Body {
    /// The argument of this name, if the body has one.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes().find(|a| a.name == name)
    }

    /// The arguments.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.items.iter().filter_map(|i| match i {
            Item::Attr(a) => Some(a),
            Item::Block(_) => None,
        })
    }

    /// The blocks.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.items.iter().filter_map(|i| match i {
            Item::Block(b) => Some(b),
            Item::Attr(_) => None,
        })
    }
}

/// An expression and its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A quoted string without template sequences, decoded.
    Str(String),
    /// A quoted string with template sequences.
    Template(Vec<Part>),
    /// A heredoc (`<<EOT` … `EOT`), with or without sequences.
    Heredoc(Vec<Part>),
    /// `[a, b]`.
    Tuple(Vec<Expr>),
    /// `{ k = v }`.
    Object(Vec<ObjectItem>),
    /// A name: the root of a traversal (`var`, `aws_lambda_function`, `each`).
    Var(String),
    /// Attribute access, indexes and splats after an expression.
    Traversal(Box<Expr>, Vec<Op>),
    /// `name(args)`, `name(args...)`; a namespaced name keeps its `::`.
    Call {
        /// The function's name (`jsonencode`, `provider::aws::arn_parse`).
        name: String,
        /// The arguments.
        args: Vec<Expr>,
        /// Whether the last argument is expanded (`...`).
        expand: bool,
    },
    /// `cond ? a : b`.
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `-x`, `!x`.
    Unary(Tok, Box<Expr>),
    /// `a + b - c`: operands joined by binary operators of one precedence level
    /// (hclsyntax's), applied left to right: the first operand, then each operator with
    /// the operand after it. A chain of any length is one node, so nothing that walks the
    /// tree (dropping it included) goes one level deeper per operator: a 100,000-term
    /// `1 + 1 + …` costs no more stack than `1 + 1`. An operand is a tighter-binding
    /// level's node or a term, so a tree without parentheses is at most one level deep per
    /// precedence level.
    Binary(Box<Expr>, Vec<(Tok, Expr)>),
    /// `(x)`.
    Paren(Box<Expr>),
    /// `[for …]` or `{for …}`.
    For(Box<ForExpr>),
}

/// One step after an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// `.name`.
    Attr(String),
    /// `[expression]`.
    Index(Expr),
    /// `.0` (the legacy index form).
    LegacyIndex(String),
    /// `.*`.
    AttrSplat,
    /// `[*]`.
    FullSplat,
}

/// One entry of an object constructor.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectItem {
    /// The key.
    pub key: ObjectKey,
    /// The value.
    pub value: Expr,
    /// Whether a comma ends the entry (rather than a newline or the closing brace).
    pub comma: bool,
}

/// An object key: a bare name (a literal string), or an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ObjectKey {
    /// `name = …`.
    Ident(String, Span),
    /// `"name" = …`, `(var.x) = …`.
    Expr(Expr),
}

impl ObjectKey {
    /// Where the key is.
    pub fn span(&self) -> Span {
        match self {
            ObjectKey::Ident(_, s) => s.clone(),
            ObjectKey::Expr(e) => e.span.clone(),
        }
    }
}

/// One piece of a template.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text, decoded.
    Lit(String),
    /// `${ expression }`.
    Interp(Expr),
    /// A `%{ … }` directive (its syntax checked; not evaluated here).
    Directive(Span),
}

/// `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForExpr {
    /// The key variable, if there are two.
    pub key_var: Option<String>,
    /// The value variable.
    pub value_var: String,
    /// The collection.
    pub collection: Expr,
    /// The key expression (object `for` only).
    pub key: Option<Expr>,
    /// The value expression.
    pub value: Expr,
    /// The `if` condition.
    pub condition: Option<Expr>,
    /// Whether values are grouped (`...`).
    pub group: bool,
    /// Whether it builds an object.
    pub object: bool,
}

/// Parses a whole file (or any body): arguments and blocks.
pub fn parse_body(src: &str) -> Result<Body, Error> {
    parse_body_within(src, MAX_DEPTH)
}

/// [`parse_body`], nesting at most `limit` levels deep.
pub fn parse_body_within(src: &str, limit: usize) -> Result<Body, Error> {
    let mut p = Parser::new(src, limit);
    let body = p.body(None)?;
    Ok(body)
}

/// Parses one expression, as the value of an argument: newlines end it outside brackets,
/// and nothing but blank lines and comments may follow it.
pub fn parse_expr(src: &str) -> Result<Expr, Error> {
    parse_expr_within(src, MAX_DEPTH)
}

/// [`parse_expr`], nesting at most `limit` levels deep.
pub fn parse_expr_within(src: &str, limit: usize) -> Result<Expr, Error> {
    let mut p = Parser::new(src, limit);
    while p.peek().kind == Tok::Newline {
        p.next();
    }
    let e = p.expr()?;
    loop {
        let t = p.peek();
        match t.kind {
            Tok::Newline => {
                p.next();
            }
            END => return Ok(e),
            _ => return Err(p.err_at(t.start, "Extra characters after expression: the value ends here")),
        }
    }
}

/// The end of the input, as a token kind.
const END: Tok = Tok::Eof;

/// What a lone carriage return is, and what to do about it (HashiCorp's parser reads one
/// anywhere but in a comment as an invalid character).
const LONE_CR: &str = "a carriage return (`\\r`) that is not followed by a newline; HCL's lines end with `\\n` or `\\r\\n` (remove it, or convert the file's line endings)";

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// Whether newlines are significant here (a stack, like hclsyntax's peeker).
    newlines: Vec<bool>,
    depth: usize,
    limit: usize,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, limit: usize) -> Parser<'a> {
        Parser { src, tokens: lex(src), pos: 0, newlines: vec![true], depth: 0, limit }
    }

    fn err_at(&self, offset: usize, message: impl Into<String>) -> Error {
        Error { message: message.into(), offset }
    }

    fn text(&self, t: &Token) -> &'a str {
        t.text(self.src)
    }

    fn newlines_significant(&self) -> bool {
        self.newlines.last().copied().unwrap_or(true)
    }

    /// The index of the next token the parser sees: comments are skipped, and newlines
    /// where they are not significant; a `#`/`//` comment (which holds its newline) counts
    /// as a newline where newlines are.
    fn next_index(&self) -> (usize, Option<Token>) {
        let mut i = self.pos;
        while let Some(t) = self.tokens.get(i) {
            match t.kind {
                Tok::Comment => {
                    if self.newlines_significant() && self.text(t).ends_with('\n') {
                        let nl = t.end - 1 - usize::from(self.text(t).ends_with("\r\n"));
                        return (i, Some(Token { kind: Tok::Newline, start: nl, end: t.end }));
                    }
                }
                Tok::Newline if !self.newlines_significant() => {}
                _ => return (i, Some(*t)),
            }
            i += 1;
        }
        (i, None)
    }

    /// The next token (an `END` token at the end of the input).
    fn peek(&self) -> Token {
        match self.next_index() {
            (_, Some(t)) => t,
            (_, None) => Token { kind: END, start: self.src.len(), end: self.src.len() },
        }
    }

    /// Takes the next token.
    fn next(&mut self) -> Token {
        let (i, t) = self.next_index();
        match t {
            Some(t) => {
                self.pos = i + 1;
                t
            }
            None => {
                self.pos = i;
                Token { kind: END, start: self.src.len(), end: self.src.len() }
            }
        }
    }

    /// Takes the next token, which must be `kind`.
    fn expect(&mut self, kind: Tok, what: &str) -> Result<Token, Error> {
        let t = self.peek();
        if t.kind == kind {
            return Ok(self.next());
        }
        Err(self.unexpected(&t, what))
    }

    /// An error at a token that is not what the grammar wants here.
    fn unexpected(&self, t: &Token, what: &str) -> Error {
        let found = match t.kind {
            END => "the end of the file".to_string(),
            Tok::Invalid if self.text(t) == "\r" => LONE_CR.to_string(),
            Tok::Invalid => format!("the invalid character `{}`", crate::diag::visible(self.text(t))),
            Tok::QuotedNewline => "a newline inside a quoted string (close the string on the same line)".to_string(),
            Tok::Newline => "the end of the line".to_string(),
            _ => format!("`{}`", crate::diag::visible(self.text(t).trim_end())),
        };
        self.err_at(t.start, format!("{what}, but found {found}"))
    }

    /// Reports an invalid token as soon as it would be read.
    fn check_token(&self, t: &Token) -> Result<(), Error> {
        if matches!(t.kind, Tok::Invalid | Tok::QuotedNewline) {
            return Err(self.unexpected(t, "Expected HCL"));
        }
        Ok(())
    }

    fn enter(&mut self, at: usize) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > self.limit {
            return Err(self.err_at(
                at,
                format!(
                    "Nested more than {} levels deep (blocks, brackets, calls, templates, `? :` and unary `-`/`!` inside each other); move the inner part into a local value",
                    self.limit
                ),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn with_newlines<T>(&mut self, significant: bool, f: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        self.newlines.push(significant);
        let r = f(self);
        self.newlines.pop();
        r
    }

    // ---- bodies ----

    /// A body up to `}` (a block's) or the end of the input (`None`).
    fn body(&mut self, close: Option<Token>) -> Result<Body, Error> {
        let mut items: Vec<Item> = Vec::new();
        let mut names: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        loop {
            let t = self.peek();
            self.check_token(&t)?;
            match t.kind {
                Tok::Newline => {
                    self.next();
                }
                Tok::CBrace if close.is_some() => return Ok(Body { items }),
                END => {
                    return match close {
                        Some(open) => Err(self.err_at(
                            open.start,
                            "Unclosed configuration block: there is no closing brace for this block before the end of the file",
                        )),
                        None => Ok(Body { items }),
                    };
                }
                Tok::Ident => {
                    let item = self.item()?;
                    if let Item::Attr(a) = &item
                        && !names.insert(a.name.clone())
                    {
                        return Err(self.err_at(
                            a.name_span.start,
                            format!("Attribute redefined: the argument `{}` was already set; each argument may be set only once", a.name),
                        ));
                    }
                    items.push(item);
                }
                Tok::OQuote => return Err(self.err_at(t.start, "Invalid argument name: argument names must not be quoted")),
                _ => return Err(self.unexpected(&t, "An argument or block definition is required here")),
            }
        }
    }

    /// An argument or a block, starting at its name.
    fn item(&mut self) -> Result<Item, Error> {
        let name = self.next();
        let next = self.peek();
        match next.kind {
            Tok::Equal => {
                let a = self.attribute(name)?;
                self.end_of_line(&a.name, "argument")?;
                Ok(Item::Attr(a))
            }
            Tok::OQuote | Tok::OBrace | Tok::Ident => self.block(name),
            _ => Err(self.unexpected(
                &next,
                &format!("An argument or block definition is required here; to set the argument `{}`, use `=`", self.text(&name)),
            )),
        }
    }

    fn attribute(&mut self, name: Token) -> Result<Attribute, Error> {
        self.next(); // `=`
        let value = self.expr()?;
        let span = name.start..value.span.end;
        Ok(Attribute { name: self.text(&name).to_string(), name_span: name.start..name.end, value, span })
    }

    /// After an argument or block: a newline or the end of the input.
    fn end_of_line(&mut self, name: &str, what: &str) -> Result<(), Error> {
        let t = self.peek();
        match t.kind {
            Tok::Newline => {
                self.next();
                Ok(())
            }
            END => {
                self.check_token(&t)?;
                Ok(())
            }
            Tok::Comma => {
                Err(self.err_at(t.start, format!("Unexpected comma after the {what} `{name}`: arguments are separated by newlines")))
            }
            _ => Err(self.unexpected(&t, &format!("Missing newline after the {what} `{name}`"))),
        }
    }

    fn block(&mut self, kind: Token) -> Result<Item, Error> {
        self.enter(kind.start)?;
        let mut labels = Vec::new();
        let open = loop {
            let t = self.peek();
            match t.kind {
                Tok::OBrace => break self.next(),
                Tok::OQuote => {
                    let (label, span) = self.label()?;
                    labels.push((label, span));
                }
                Tok::Ident => {
                    let l = self.next();
                    labels.push((self.text(&l).to_string(), l.start..l.end));
                }
                Tok::Equal => return Err(self.err_at(t.start, "Invalid block definition: `=` introduces an argument, not a block")),
                Tok::Newline => {
                    return Err(
                        self.err_at(t.start, "Invalid block definition: a block's `{` must be on the same line as its type and labels")
                    );
                }
                _ => return Err(self.unexpected(&t, "Invalid block definition: a quoted label or `{` is expected")),
            }
        };
        let body = match self.peek().kind {
            Tok::Newline | Tok::CBrace | END => self.body(Some(open))?,
            _ => {
                // A one-line block holds exactly one argument: `b { a = 1 }`.
                let name = self.peek();
                self.check_token(&name)?;
                if name.kind != Tok::Ident {
                    return Err(self.unexpected(&name, "An argument definition is required here"));
                }
                let name = self.next();
                if self.peek().kind != Tok::Equal {
                    return Err(
                        self.err_at(name.start, "A single-line block can hold only one argument; put a nested block on a line of its own")
                    );
                }
                let a = self.attribute(name)?;
                let t = self.peek();
                if t.kind != Tok::CBrace {
                    return Err(self.unexpected(&t, "A single-line block must end with `}` right after its one argument"));
                }
                Body { items: vec![Item::Attr(a)] }
            }
        };
        let close = self.expect(Tok::CBrace, "Expected `}` to close the block")?;
        let kind_text = self.text(&kind).to_string();
        self.end_of_line(&kind_text, "block")?;
        self.leave();
        Ok(Item::Block(Block {
            kind: kind_text,
            kind_span: kind.start..kind.end,
            labels,
            open: open.start,
            body,
            span: kind.start..close.end,
        }))
    }

    /// A quoted block label: no template sequences.
    fn label(&mut self) -> Result<(String, Span), Error> {
        let open = self.next();
        let mut out = String::new();
        loop {
            let t = self.next();
            match t.kind {
                Tok::CQuote => return Ok((out, open.start..t.end)),
                Tok::QuotedLit => out.push_str(&self.decode(&t, true)?),
                Tok::TemplateInterp | Tok::TemplateControl => {
                    return Err(self.err_at(
                        t.start,
                        "Template sequences are not allowed in a block label; double the `$` or `%` to write it literally",
                    ));
                }
                _ => return Err(self.unexpected(&t, "Unterminated block label")),
            }
        }
    }

    // ---- expressions ----

    /// An expression (the conditional operator and everything below it).
    fn expr(&mut self) -> Result<Expr, Error> {
        let start = self.peek().start;
        self.enter(start)?;
        let cond = self.binary(0)?;
        let r = if self.peek().kind == Tok::Question {
            self.next();
            let yes = self.expr()?;
            self.expect(Tok::Colon, "Missing false expression in conditional: expected `:`")?;
            let no = self.expr()?;
            let span = cond.span.start..no.span.end;
            Expr { kind: ExprKind::Conditional(Box::new(cond), Box::new(yes), Box::new(no)), span }
        } else {
            cond
        };
        self.leave();
        Ok(r)
    }

    /// Binary operators by precedence level (hclsyntax's), lowest first, left-associative.
    fn binary(&mut self, level: usize) -> Result<Expr, Error> {
        const LEVELS: [&[Tok]; 6] = [
            &[Tok::Or],
            &[Tok::And],
            &[Tok::EqualOp, Tok::NotEqual],
            &[Tok::Gt, Tok::Ge, Tok::Lt, Tok::Le],
            &[Tok::Plus, Tok::Minus],
            &[Tok::Star, Tok::Slash, Tok::Percent],
        ];
        let Some(ops) = LEVELS.get(level) else { return self.term_with_traversals() };
        let first = self.binary(level + 1)?;
        // The chain is collected in a loop into one node (see `ExprKind::Binary`): the
        // recursion above is one call per precedence level, never one per operator.
        let mut rest: Vec<(Tok, Expr)> = Vec::new();
        while ops.contains(&self.peek().kind) {
            let op = self.next().kind;
            rest.push((op, self.binary(level + 1)?));
        }
        let Some(end) = rest.last().map(|(_, e)| e.span.end) else { return Ok(first) };
        let span = first.span.start..end;
        Ok(Expr { kind: ExprKind::Binary(Box::new(first), rest), span })
    }

    fn term_with_traversals(&mut self) -> Result<Expr, Error> {
        let term = self.term()?;
        self.traversals(term)
    }

    /// Attribute access, indexes and splats after `base`.
    fn traversals(&mut self, base: Expr) -> Result<Expr, Error> {
        let start = base.span.start;
        let mut end = base.span.end;
        let mut ops: Vec<Op> = Vec::new();
        loop {
            let t = self.peek();
            match t.kind {
                Tok::Dot => {
                    self.next();
                    let step = self.peek();
                    match step.kind {
                        Tok::Ident => {
                            self.next();
                            ops.push(Op::Attr(self.text(&step).to_string()));
                            end = step.end;
                        }
                        Tok::NumberLit => {
                            self.next();
                            let n = self.text(&step);
                            if n.contains('.') {
                                return Err(self.err_at(step.start, format!("Invalid legacy index syntax: chaining two indexes (`.{n}`) is not permitted; write them in brackets")));
                            }
                            if !valid_number(n) {
                                return Err(self.err_at(step.start, format!("Invalid number literal `{n}`")));
                            }
                            ops.push(Op::LegacyIndex(n.to_string()));
                            end = step.end;
                        }
                        Tok::Star => {
                            self.next();
                            ops.push(Op::AttrSplat);
                            end = step.end;
                            // An attribute-only splat takes attribute and legacy-index steps only.
                            while self.peek().kind == Tok::Dot {
                                self.next();
                                let s = self.peek();
                                match s.kind {
                                    Tok::Ident => ops.push(Op::Attr(self.text(&s).to_string())),
                                    Tok::NumberLit if !self.text(&s).contains('.') && valid_number(self.text(&s)) => {
                                        ops.push(Op::LegacyIndex(self.text(&s).to_string()))
                                    }
                                    Tok::NumberLit => {
                                        return Err(
                                            self.err_at(s.start, "Invalid legacy index syntax inside a splat; use [*] and brackets")
                                        );
                                    }
                                    Tok::Star => {
                                        return Err(self.err_at(s.start, "Nested splat expression not allowed: `.*` cannot follow `.*`"));
                                    }
                                    _ => {
                                        return Err(
                                            self.unexpected(&s, "Invalid attribute name: an attribute name is required after a dot")
                                        );
                                    }
                                }
                                self.next();
                                end = s.end;
                            }
                        }
                        _ => return Err(self.unexpected(&step, "Invalid attribute name: an attribute name is required after a dot")),
                    }
                }
                Tok::OBrack => {
                    self.next();
                    if self.peek().kind == Tok::Star {
                        self.next();
                        let close = self.next();
                        if close.kind != Tok::CBrack {
                            return Err(self.unexpected(&close, "Missing close bracket on splat index: `[*` must be followed by `]`"));
                        }
                        ops.push(Op::FullSplat);
                        end = close.end;
                        continue;
                    }
                    let key = self.with_newlines(false, |p| p.expr())?;
                    let close = self.with_newlines(false, |p| p.expect(Tok::CBrack, "Missing close bracket on index: expected `]`"))?;
                    ops.push(Op::Index(key));
                    end = close.end;
                }
                _ => break,
            }
        }
        if ops.is_empty() {
            return Ok(base);
        }
        Ok(Expr { kind: ExprKind::Traversal(Box::new(base), ops), span: start..end })
    }

    fn term(&mut self) -> Result<Expr, Error> {
        let t = self.peek();
        self.check_token(&t)?;
        match t.kind {
            Tok::OParen => {
                self.next();
                let inner = self.with_newlines(false, |p| {
                    let e = p.expr()?;
                    let close = p.expect(Tok::CParen, "Unbalanced parentheses: expected `)`")?;
                    Ok((e, close))
                })?;
                let (e, close) = inner;
                Ok(Expr { kind: ExprKind::Paren(Box::new(e)), span: t.start..close.end })
            }
            Tok::NumberLit => {
                self.next();
                let n = self.text(&t);
                if !valid_number(n) {
                    return Err(self.err_at(t.start, format!("Invalid number literal `{n}`")));
                }
                Ok(Expr { kind: ExprKind::Number(n.to_string()), span: t.start..t.end })
            }
            Tok::Ident => {
                self.next();
                if matches!(self.peek().kind, Tok::OParen | Tok::DoubleColon) {
                    return self.call(t);
                }
                let kind = match self.text(&t) {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    "null" => ExprKind::Null,
                    name => ExprKind::Var(name.to_string()),
                };
                Ok(Expr { kind, span: t.start..t.end })
            }
            Tok::OQuote | Tok::OHeredoc => self.template(),
            Tok::Minus | Tok::Bang => {
                self.next();
                self.enter(t.start)?;
                let operand = self.term_with_traversals()?;
                self.leave();
                let span = t.start..operand.span.end;
                Ok(Expr { kind: ExprKind::Unary(t.kind, Box::new(operand)), span })
            }
            Tok::OBrack => self.tuple(),
            Tok::OBrace => self.object(),
            END => Err(self.err_at(t.start, "Missing expression: expected the start of an expression, but found the end of the file")),
            _ => Err(self.unexpected(&t, "Invalid expression: expected the start of an expression")),
        }
    }

    /// `name(args)`, and namespaced names (`provider::aws::arn_parse(args)`).
    fn call(&mut self, first: Token) -> Result<Expr, Error> {
        let mut name = self.text(&first).to_string();
        while self.peek().kind == Tok::DoubleColon {
            self.next();
            let part = self.expect(Tok::Ident, "Missing function name after `::`")?;
            name.push_str("::");
            name.push_str(self.text(&part));
        }
        let open = self.expect(Tok::OParen, "Expected `(` to call the function")?;
        let (args, expand, close) = self.with_newlines(false, |p| {
            let mut args = Vec::new();
            let mut expand = false;
            loop {
                if p.peek().kind == Tok::CParen {
                    return Ok((args, expand, p.next()));
                }
                args.push(p.expr()?);
                let sep = p.next();
                match sep.kind {
                    Tok::CParen => return Ok((args, expand, sep)),
                    Tok::Ellipsis => {
                        expand = true;
                        let close = p.peek();
                        if close.kind != Tok::CParen {
                            return Err(p.unexpected(&close, "Missing closing parenthesis: an expanded argument (`...`) must be the last"));
                        }
                        return Ok((args, expand, p.next()));
                    }
                    Tok::Comma => {}
                    END => return Err(p.err_at(open.start, format!("Unterminated function call: `{name}(` has no closing parenthesis"))),
                    _ => return Err(p.unexpected(&sep, "Missing argument separator: a comma is required between function arguments")),
                }
            }
        })?;
        Ok(Expr { kind: ExprKind::Call { name, args, expand }, span: first.start..close.end })
    }

    fn tuple(&mut self) -> Result<Expr, Error> {
        let open = self.next();
        self.with_newlines(false, |p| {
            if p.peek_keyword("for") {
                return p.for_expr(open, false);
            }
            let mut items = Vec::new();
            loop {
                if p.peek().kind == Tok::CBrack {
                    let close = p.next();
                    return Ok(Expr { kind: ExprKind::Tuple(items), span: open.start..close.end });
                }
                items.push(p.expr()?);
                let next = p.peek();
                match next.kind {
                    Tok::CBrack => {}
                    Tok::Comma => {
                        p.next();
                    }
                    END => return Err(p.err_at(open.start, "Unterminated tuple: there is no closing bracket before the end of the file")),
                    _ => return Err(p.unexpected(&next, "Missing item separator: expected a comma")),
                }
            }
        })
    }

    fn object(&mut self) -> Result<Expr, Error> {
        let open = self.next();
        if self.with_newlines(false, |p| Ok(p.peek_keyword("for")))? {
            return self.with_newlines(false, |p| p.for_expr(open, true));
        }
        self.with_newlines(true, |p| {
            let mut items: Vec<ObjectItem> = Vec::new();
            loop {
                let next = p.peek();
                p.check_token(&next)?;
                match next.kind {
                    Tok::Newline => {
                        p.next();
                        continue;
                    }
                    Tok::CBrace => {
                        let close = p.next();
                        return Ok(Expr { kind: ExprKind::Object(items), span: open.start..close.end });
                    }
                    END => return Err(p.err_at(open.start, "Unterminated object: there is no closing brace before the end of the file")),
                    _ => {}
                }
                let key = p.expr()?;
                let key = match key.kind {
                    ExprKind::Var(name) => ObjectKey::Ident(name, key.span),
                    _ => ObjectKey::Expr(key),
                };
                let sep = p.peek();
                if !matches!(sep.kind, Tok::Equal | Tok::Colon) {
                    return Err(p.unexpected(
                        &sep,
                        "Missing key/value separator: expected `=` after the key (quote a key that has dots or spaces)",
                    ));
                }
                p.next();
                let value = p.expr()?;
                let end = p.peek();
                let comma = end.kind == Tok::Comma;
                items.push(ObjectItem { key, value, comma });
                match end.kind {
                    Tok::CBrace => {}
                    Tok::Comma | Tok::Newline => {
                        p.next();
                    }
                    END => return Err(p.err_at(open.start, "Unterminated object: there is no closing brace before the end of the file")),
                    _ => return Err(p.unexpected(&end, "Missing attribute separator: expected a newline or a comma")),
                }
            }
        })
    }

    fn peek_keyword(&self, word: &str) -> bool {
        let t = self.peek();
        t.kind == Tok::Ident && self.text(&t) == word
    }

    fn for_expr(&mut self, open: Token, object: bool) -> Result<Expr, Error> {
        self.next(); // `for`
        let name = |p: &mut Self, what: &str| -> Result<String, Error> {
            let t = p.peek();
            if t.kind != Tok::Ident {
                return Err(p.unexpected(&t, what));
            }
            p.next();
            Ok(p.text(&t).to_string())
        };
        let first = name(self, "Invalid 'for' expression: a variable name is required after `for`")?;
        let (key_var, value_var) = if self.peek().kind == Tok::Comma {
            self.next();
            (Some(first), name(self, "Invalid 'for' expression: a value variable name is required after the comma")?)
        } else {
            (None, first)
        };
        if !self.peek_keyword("in") {
            let t = self.peek();
            return Err(self.unexpected(&t, "Invalid 'for' expression: `in` is required after the variable names"));
        }
        self.next();
        let collection = self.expr()?;
        self.expect(Tok::Colon, "Invalid 'for' expression: a colon is required after the collection")?;
        let mut value = self.expr()?;
        let mut key = None;
        if self.peek().kind == Tok::FatArrow {
            self.next();
            key = Some(value);
            value = self.expr()?;
        }
        let group = self.peek().kind == Tok::Ellipsis;
        if group {
            self.next();
        }
        let condition = if self.peek_keyword("if") {
            self.next();
            Some(self.expr()?)
        } else {
            None
        };
        let close_kind = if object { Tok::CBrace } else { Tok::CBrack };
        let close = self.expect(close_kind, "Invalid 'for' expression: extra characters after its end")?;
        if !object && key.is_some() {
            return Err(self.err_at(open.start, "Invalid 'for' expression: a key expression (`=>`) is not valid when building a tuple"));
        }
        if !object && group {
            return Err(self.err_at(open.start, "Invalid 'for' expression: grouping (`...`) cannot be used when building a tuple"));
        }
        if object && key.is_none() {
            return Err(
                self.err_at(open.start, "Invalid 'for' expression: a key expression (`key => value`) is required when building an object")
            );
        }
        let f = ForExpr { key_var, value_var, collection, key, value, condition, group, object };
        Ok(Expr { kind: ExprKind::For(Box::new(f)), span: open.start..close.end })
    }

    /// A quoted string or a heredoc: a literal string if it has no template sequences.
    fn template(&mut self) -> Result<Expr, Error> {
        let open = self.next();
        let heredoc = open.kind == Tok::OHeredoc;
        let close_kind = if heredoc { Tok::CHeredoc } else { Tok::CQuote };
        let mut parts: Vec<Part> = Vec::new();
        // Open `if`/`for` directives, to check that they balance.
        let mut open_directives: Vec<(&'static str, bool)> = Vec::new();
        let close = loop {
            // Inside a template every token counts (newlines included).
            let t = self.raw_next();
            match t.kind {
                k if k == close_kind => break t,
                Tok::QuotedLit | Tok::StringLit => {
                    let s = self.decode(&t, !heredoc)?;
                    match parts.last_mut() {
                        Some(Part::Lit(prev)) => prev.push_str(&s),
                        _ => parts.push(Part::Lit(s)),
                    }
                }
                Tok::TemplateInterp => {
                    let e = self.with_newlines(false, |p| {
                        let e = p.expr()?;
                        let end = p.peek();
                        if end.kind != Tok::TemplateSeqEnd {
                            return Err(p.unexpected(
                                &end,
                                "Extra characters after interpolation expression: expected `}` (to write `${` literally, double the `$`)",
                            ));
                        }
                        p.next();
                        Ok(e)
                    })?;
                    parts.push(Part::Interp(e));
                }
                Tok::TemplateControl => {
                    let span = self.with_newlines(false, |p| p.directive(t, &mut open_directives))?;
                    parts.push(Part::Directive(span));
                }
                END => return Err(self.err_at(open.start, "Unterminated template string: no closing marker was found")),
                Tok::Invalid if self.text(&t) == "\r" => {
                    return Err(self.err_at(t.start, format!("Invalid character in a heredoc: {LONE_CR}")));
                }
                _ => return Err(self.unexpected(&t, "Unterminated template string: no closing marker was found")),
            }
        };
        if let Some((kind, _)) = open_directives.last() {
            return Err(self.err_at(open.start, format!("Unexpected end of template: the `{kind}` directive is missing its `end{kind}`")));
        }
        let span = open.start..close.end;
        if heredoc {
            return Ok(Expr { kind: ExprKind::Heredoc(parts), span });
        }
        if parts.iter().all(|p| matches!(p, Part::Lit(_))) {
            let s = match parts.pop() {
                Some(Part::Lit(s)) => s,
                _ => String::new(),
            };
            return Ok(Expr { kind: ExprKind::Str(s), span });
        }
        Ok(Expr { kind: ExprKind::Template(parts), span })
    }

    /// The next token, whatever it is (comments and newlines included).
    fn raw_next(&mut self) -> Token {
        match self.tokens.get(self.pos) {
            Some(t) => {
                self.pos += 1;
                *t
            }
            None => Token { kind: END, start: self.src.len(), end: self.src.len() },
        }
    }

    /// A `%{ … }` directive (after its opening token): `if`, `else`, `endif`, `for`, `endfor`.
    fn directive(&mut self, open: Token, stack: &mut Vec<(&'static str, bool)>) -> Result<Span, Error> {
        let kw = self.peek();
        if kw.kind != Tok::Ident {
            return Err(self.unexpected(&kw, "Invalid template directive: `if`, `for`, `else`, `endif` or `endfor` is expected after `%{`"));
        }
        self.next();
        match self.text(&kw) {
            "if" => {
                self.expr()?;
                stack.push(("if", false));
            }
            "else" => match stack.last_mut() {
                Some(("if", seen_else)) if !*seen_else => *seen_else = true,
                _ => return Err(self.err_at(kw.start, "Unexpected else directive: no `if` directive is open here")),
            },
            "endif" => match stack.pop() {
                Some(("if", _)) => {}
                _ => return Err(self.err_at(kw.start, "Unexpected endif directive: no `if` directive is open here")),
            },
            "for" => {
                let a = self.expect(Tok::Ident, "Invalid 'for' directive: a variable name is required after `for`")?;
                let _ = a;
                if self.peek().kind == Tok::Comma {
                    self.next();
                    self.expect(Tok::Ident, "Invalid 'for' directive: a value variable name is required after the comma")?;
                }
                if !self.peek_keyword("in") {
                    let t = self.peek();
                    return Err(self.unexpected(&t, "Invalid 'for' directive: `in` is required after the names"));
                }
                self.next();
                self.expr()?;
                stack.push(("for", false));
            }
            "endfor" => match stack.pop() {
                Some(("for", _)) => {}
                _ => return Err(self.err_at(kw.start, "Unexpected endfor directive: no `for` directive is open here")),
            },
            other => {
                return Err(
                    self.err_at(kw.start, format!("Invalid template control keyword `{other}`: expected if, for, else, endif or endfor"))
                );
            }
        }
        let close = self.peek();
        if close.kind != Tok::TemplateSeqEnd {
            return Err(self.unexpected(&close, &format!("Extra characters in the {} directive: expected `}}`", self.text(&kw))));
        }
        self.next();
        Ok(open.start..close.end)
    }

    /// The value of a literal token: escapes (quoted strings only) and `$${`, `%%{`.
    fn decode(&self, t: &Token, quoted: bool) -> Result<String, Error> {
        decode_literal(self.text(t), quoted).map_err(|(at, message)| self.err_at(t.start + at, message))
    }
}

/// Whether a number literal is one Terraform reads (`1`, `1.5`, `1e3`, `1.5E-3`).
fn valid_number(n: &str) -> bool {
    super::number::is_literal(n)
}

/// Decodes literal template text: in a quoted string, `\n`, `\r`, `\t`, `\"`, `\\`,
/// `\uNNNN` and `\UNNNNNNNN`; in both quoted strings and heredocs, `$${` and `%%{`.
/// `Err((byte offset, message))` for an invalid escape.
pub fn decode_literal(s: &str, quoted: bool) -> Result<String, (usize, String)> {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let c = b[i];
        if quoted && c == b'\\' {
            let Some(sel) = s[i + 1..].chars().next() else {
                return Err((i, "Invalid escape sequence: a backslash must be followed by an escape character".into()));
            };
            match sel {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' | 'U' => {
                    let len = if sel == 'u' { 4 } else { 8 };
                    let hex = s.get(i + 2..i + 2 + len).filter(|h| h.bytes().all(|d| d.is_ascii_hexdigit()));
                    let Some(hex) = hex else {
                        return Err((i, format!("Invalid escape sequence: \\{sel} must be followed by {len} hexadecimal digits")));
                    };
                    let code = u32::from_str_radix(hex, 16).unwrap_or(u32::MAX);
                    let Some(ch) = char::from_u32(code) else {
                        return Err((i, format!("Invalid escape sequence: cannot encode the character U+{code:04X} in UTF-8")));
                    };
                    out.push(ch);
                    i += 2 + len;
                    continue;
                }
                other => return Err((i, format!("Invalid escape sequence: `\\{other}` is not an escape (write `\\\\` for a backslash)"))),
            }
            i += 1 + sel.len_utf8();
            continue;
        }
        if (c == b'$' || c == b'%') && b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') {
            out.push(c as char);
            out.push('{');
            i += 3;
            continue;
        }
        let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        i += ch.len_utf8();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(s: &str) -> ExprKind {
        parse_expr(s).map(|e| e.kind).unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
    }

    fn err(s: &str) -> String {
        match parse_body(s) {
            Ok(b) => panic!("{s:?} parsed: {b:?}"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn literals_and_strings() {
        assert_eq!(expr("null"), ExprKind::Null);
        assert_eq!(expr("1.5e3"), ExprKind::Number("1.5e3".into()));
        assert_eq!(expr("\"a\\n\\u00e9$${x}%%{y}\""), ExprKind::Str("a\né${x}%{y}".into()));
        assert!(matches!(expr("\"a${b}c\""), ExprKind::Template(p) if p.len() == 3));
        assert!(matches!(expr("<<EOT\nhello\nEOT\n"), ExprKind::Heredoc(p) if p == vec![Part::Lit("hello\n".into())]));
        assert!(parse_expr("\"\\q\"").is_err());
        assert!(parse_expr("\"\\u12\"").is_err());
    }

    #[test]
    fn traversals_calls_and_operators() {
        let ExprKind::Traversal(base, ops) = expr("aws_sqs_queue.q[0].url") else { panic!() };
        assert_eq!(base.kind, ExprKind::Var("aws_sqs_queue".into()));
        assert_eq!(ops.len(), 3);
        assert!(matches!(expr("a.0.b"), ExprKind::Traversal(_, o) if o[0] == Op::LegacyIndex("0".into())));
        assert!(matches!(expr("a[*].id"), ExprKind::Traversal(_, o) if o[0] == Op::FullSplat));
        assert!(matches!(expr("a.*.id"), ExprKind::Traversal(_, o) if o[0] == Op::AttrSplat));
        assert!(matches!(expr("jsonencode({ a = 1 })"), ExprKind::Call { name, .. } if name == "jsonencode"));
        assert!(matches!(expr("provider::aws::arn_parse(x)"), ExprKind::Call { name, .. } if name == "provider::aws::arn_parse"));
        assert!(matches!(expr("f(x...)"), ExprKind::Call { expand: true, .. }));
        assert!(matches!(expr("a ? b : c"), ExprKind::Conditional(..)));
        let ExprKind::Binary(first, rest) = expr("1 + 2 * 3 - 4") else { panic!() };
        assert_eq!(first.kind, ExprKind::Number("1".into()));
        assert_eq!(rest.iter().map(|(op, _)| *op).collect::<Vec<_>>(), [Tok::Plus, Tok::Minus]);
        assert!(
            matches!(&rest[0].1.kind, ExprKind::Binary(two, times) if two.kind == ExprKind::Number("2".into()) && times.len() == 1 && times[0].0 == Tok::Star)
        );
        let ExprKind::Binary(_, rest) = expr("a || b && c || d") else { panic!() };
        assert_eq!(rest.len(), 2, "`&&` binds tighter: `a || (b && c) || d`");
        assert!(matches!(&rest[0].1.kind, ExprKind::Binary(_, and) if and[0].0 == Tok::And));
        assert!(matches!(expr("-a.b"), ExprKind::Unary(Tok::Minus, e) if matches!(e.kind, ExprKind::Traversal(..))));
        assert!(matches!(expr("[for k, v in x : v if k != \"a\"]"), ExprKind::For(f) if !f.object));
        assert!(matches!(expr("{for k, v in x : k => v...}"), ExprKind::For(f) if f.object && f.group));
        assert!(parse_expr("a.0.1").is_err());
        assert!(parse_expr("[for x in y : a => b]").is_err());
    }

    #[test]
    fn objects_keep_keys_and_commas() {
        let ExprKind::Object(items) = expr("{\n  a = 1,\n  \"b\" = 2\n  (c) = 3\n}") else { panic!() };
        assert!(matches!(&items[0].key, ObjectKey::Ident(n, _) if n == "a"));
        assert!(matches!(&items[1].key, ObjectKey::Expr(e) if e.kind == ExprKind::Str("b".into())));
        assert!(matches!(&items[2].key, ObjectKey::Expr(e) if matches!(e.kind, ExprKind::Paren(_))));
        assert_eq!(items.iter().map(|i| i.comma).collect::<Vec<_>>(), [true, false, false]);
        assert!(parse_expr("{ a = 1 b = 2 }").is_err());
    }

    #[test]
    fn newlines_are_significant_outside_brackets() {
        assert!(parse_expr("a ?\n b : c").is_err());
        assert!(parse_expr("(a ?\n b : c)").is_ok());
        assert!(parse_expr("[\n a,\n b,\n]").is_ok());
        assert!(parse_expr("f(\n a,\n b\n)").is_ok());
        assert!(parse_body("a = 1 +\n 2\n").is_err());
    }

    #[test]
    fn bodies_and_blocks() {
        let b = parse_body("# c\nresource \"x\" \"y\" {\n  a = 1 # t\n  b { c = 2 }\n  d {}\n}\nlocals {\n}\n").unwrap();
        assert_eq!(b.items.len(), 2);
        let Item::Block(r) = &b.items[0] else { panic!() };
        assert_eq!(r.labels.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(r.body.items.len(), 3);
        assert!(err("a = 1\na = 2\n").contains("redefined"));
        assert!(err("a = 1, b = 2\n").contains("comma"));
        assert!(err("b {\n").contains("Unclosed"));
        assert!(err("b { a = 1\n}\n").contains("single-line"));
        assert!(err("b { c {} }\n").contains("one argument"));
        assert!(err("b \"x\"\n{\n}\n").contains("same line"));
        assert!(err("b\n{\n}\n").contains("use `=`"));
        assert!(err("\"a\" = 1\n").contains("quoted"));
        assert!(err("b \"x${y}\" {}\n").contains("label"));
        assert!(err("a = \"x\ny\"\n").contains("newline inside a quoted string"));
        assert!(err("a = 1 } \n").contains("Missing newline"));
        assert!(parse_body("a = 1").is_ok(), "the last argument may end the file");
    }

    #[test]
    fn templates_check_their_directives() {
        assert!(parse_expr("\"%{if a}x%{else}y%{endif}\"").is_ok());
        assert!(parse_expr("\"%{for k, v in m}${k}%{endfor}\"").is_ok());
        assert!(parse_expr("\"%{if a}x\"").is_err());
        assert!(parse_expr("\"%{endif}\"").is_err());
        assert!(parse_expr("\"%{if a}%{else}%{else}%{endif}\"").is_err());
        assert!(parse_expr("\"%{bogus}\"").is_err());
        assert!(parse_expr("\"${a b}\"").is_err());
    }

    /// The deepest nesting of `build(n)` that parses, and the error one level deeper.
    fn limit_of(build: impl Fn(usize) -> String) -> (usize, Error) {
        let mut n = 1;
        while parse_body(&build(n)).is_ok() {
            n += 1;
            assert!(n < 1_000, "{:?} is never refused", build(3));
        }
        (n - 1, parse_body(&build(n)).unwrap_err())
    }

    /// Every construct that nests is bounded by [`MAX_DEPTH`], and the first level too
    /// deep is refused with the depth message (not another error, and never a crash).
    #[test]
    fn every_nesting_construct_stops_at_the_documented_depth() {
        fn wrap(open: &'static str, inner: &'static str, close: &'static str) -> impl Fn(usize) -> String {
            move |n| format!("a = {}{inner}{}\n", open.repeat(n), close.repeat(n))
        }
        let heredoc = |n: usize| {
            let mut e = "1".to_string();
            for _ in 0..n {
                e = format!("<<EOT\n${{{e}}}\nEOT\n");
            }
            format!("a = {e}")
        };
        let for_expr = |n: usize| {
            let mut e = "x".to_string();
            for _ in 0..n {
                e = format!("[for x in {e} : x]");
            }
            format!("a = {e}\n")
        };
        type Build = Box<dyn Fn(usize) -> String>;
        let cases: Vec<(&str, Build)> = vec![
            ("parentheses", Box::new(wrap("(", "1", ")"))),
            ("tuples", Box::new(wrap("[", "1", "]"))),
            ("objects", Box::new(wrap("{ k = ", "1", " }"))),
            ("object keys", Box::new(wrap("{ (", "k", ") = 1 }"))),
            ("calls", Box::new(wrap("f(", "1", ")"))),
            ("indexes", Box::new(wrap("a[", "0", "]"))),
            ("interpolations", Box::new(wrap("\"${", "1", "}\""))),
            ("directive expressions", Box::new(wrap("\"%{if ", "true", "}x%{endif}\""))),
            ("heredocs", Box::new(heredoc)),
            ("for expressions", Box::new(for_expr)),
            ("conditionals", Box::new(wrap("a ? b : ", "c", ""))),
            ("negations", Box::new(wrap("-", "1", ""))),
            ("nots", Box::new(wrap("!", "true", ""))),
            ("blocks", Box::new(|n: usize| format!("{}{}", "b {\n".repeat(n), "}\n".repeat(n)))),
        ];
        for (what, build) in cases {
            let (deepest, err) = limit_of(&build);
            assert!(deepest >= 20, "{what}: only {deepest} levels parse");
            eprintln!("{what}: {deepest} levels parse");
            assert!(err.message.starts_with(&format!("Nested more than {MAX_DEPTH} levels deep (")), "{what}: {}", err.message);
            // Far deeper: the same refusal, in the same place.
            assert_eq!(parse_body(&build(20_000)).unwrap_err(), err, "{what}");
        }
    }

    /// What has no depth to bound is read in a loop: any length costs no stack.
    #[test]
    fn chains_cost_no_depth() {
        for n in [40_000, 100_000] {
            let chain = vec!["1"; n].join(" + ");
            let ExprKind::Binary(_, rest) = expr(&chain) else { panic!() };
            assert_eq!(rest.len(), n - 1);
            let mixed: String = (0..n).map(|k| if k % 2 == 0 { "a * 2" } else { " - " }).collect::<String>() + "1";
            assert!(parse_expr(&mixed).is_ok());
            let steps: String = (0..n).map(|k| if k % 2 == 0 { ".b" } else { "[0]" }).collect();
            assert!(matches!(expr(&format!("a{steps}")), ExprKind::Traversal(_, ops) if ops.len() == n));
            let ifs = format!("\"{}x{}\"", "%{if a}".repeat(n), "%{endif}".repeat(n));
            assert!(parse_expr(&ifs).is_ok(), "directives nest as a list, not by recursion");
            let items = format!("[{}]", vec!["{ a = [1] }"; n].join(", "));
            assert!(parse_expr(&items).is_ok());
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_expr(&deep).unwrap_err().message.contains("Nested"));
        let deep = format!("{}1", "-".repeat(10_000));
        assert!(parse_expr(&deep).is_err());
        let blocks = "a {\n".repeat(1_000);
        assert!(parse_body(&blocks).is_err());
    }
}

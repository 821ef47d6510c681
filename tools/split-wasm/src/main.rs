//! The web bundle's wasm after Trunk's build (scripts/build), through walrus's API: the
//! library wasm-bindgen itself rewrites modules with, so what this reads is what the
//! bindgen of the same family writes, and no byte of a module is edited by hand.
//!
//!   split-wasm strip WASM
//!       drops the custom sections (`producers`, `target_features`, Leptos's
//!       `__wasm_split_unstable`: for tools, no browser reads them), in place.
//!   split-wasm split WASM KEEP FIRST REST
//!       splits WASM in two: FIRST keeps the functions whose indices KEEP lists (what a
//!       first visit's start runs, scripts/split-wasm.mjs) and REST gets every other.
//!
//! How the two pieces meet. Each function that moves to REST and that FIRST still reaches
//! (a call, a table slot, an export) keeps its index in FIRST with a stub for a body: the
//! stub calls `ensure`, which, unless FIRST's flag says REST has loaded, calls the function
//! the app exports as `apigw_load_rest` (crates/web/src/js.rs: it asks the page to load REST,
//! synchronously); then the stub calls the function's slot in a new table, exported as
//! `%rest`. REST imports from FIRST's exports (module `a`) the memory, the tables, the
//! globals, the imported functions and the kept functions it calls; its element segment
//! fills `%rest` and its start function raises the flag: instantiating it with
//! `{ a: <FIRST's exports> }` is loading it (www/apigw-integration-builder.js). A function
//! stays in FIRST when the load itself needs it (`apigw_load_rest` and what it calls), so
//! loading never loops.
//!
//! Why this and not binaryen's `wasm-split`: the one a registry serves by name (Debian's
//! binaryen 108) cannot read `table.fill` and writes a wrong table index, and its
//! placeholders are imports the glue must answer, which meant editing wasm-bindgen's
//! generated glue by its text; building binaryen from source (`wasm-opt-sys`) costs minutes
//! of C++ on every fresh clone. Leptos's `#[lazy]` split (`wasm_split_cli_support`) splits
//! at async points written in the source, not by what the start runs.
use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use walrus::ir::{UnaryOp, Value, Visitor, dfs_in_order};
use walrus::{
    ConstExpr, DataId, ElementId, ElementItems, ElementKind, ExportItem, FunctionBuilder, FunctionId, FunctionKind, GlobalKind, ImportKind,
    ImportedFunction, Module, ModuleConfig, RefType, ValType,
};

/// The export of the app that loads REST (crates/web/src/js.rs).
const LOAD: &str = "apigw_load_rest";
/// FIRST's export of the table of REST's functions, and REST's import of it.
const REST_TABLE: &str = "%rest";
/// The module name of REST's imports.
const FROM: &str = "a";

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let run = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["strip", wasm] => strip_file(wasm),
        ["split", wasm, keep, first, rest, prefixes @ ..] => split_files(wasm, keep, first, rest, prefixes),
        _ => Err("usage: split-wasm strip WASM | split-wasm split WASM KEEP FIRST REST [EXPORT-PREFIX...]".into()),
    };
    match run {
        Ok(said) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("split-wasm: {why}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn write(path: &str, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))
}

/// Reads (and validates) a module; emitting it adds no `producers` section of walrus's own.
fn parse(bytes: &[u8], what: &str) -> Result<Module> {
    ModuleConfig::new().generate_producers_section(false).parse(bytes).map_err(|e| format!("{what} is not a valid wasm module: {e:#}"))
}

fn strip_file(path: &str) -> Result<String> {
    let bytes = read(path)?;
    let mut module = parse(&bytes, path)?;
    strip(&mut module);
    let out = module.emit_wasm();
    parse(&out, "the stripped module")?;
    write(path, &out)?;
    Ok(format!("split-wasm: {path}: {} -> {} B", bytes.len(), out.len()))
}

/// Drops every custom section but `name` (which only a build made for reading has).
fn strip(module: &mut Module) {
    module.producers.clear();
    let customs: Vec<_> = module.customs.iter().map(|(id, _)| id).collect();
    for id in customs {
        module.customs.delete(id);
    }
}

fn split_files(wasm: &str, keep: &str, first: &str, rest: &str, prefixes: &[&str]) -> Result<String> {
    let bytes = read(wasm)?;
    let keep_text = String::from_utf8(read(keep)?).map_err(|_| format!("{keep} is not text"))?;
    let kept = parse_keep(&keep_text).map_err(|why| format!("{keep}: {why}"))?;
    let split = split(&bytes, &kept, prefixes)?;
    write(first, &split.first)?;
    write(rest, &split.rest)?;
    Ok(format!(
        "split-wasm: {} of {} functions kept in {first} ({} B), {} moved to {rest} ({} B), {} reached from the first through a stub",
        split.kept,
        split.defined,
        split.first.len(),
        split.moved,
        split.rest.len(),
        split.stubs
    ))
}

/// The function indices of a keep list: words of decimal digits, any blanks between them.
fn parse_keep(text: &str) -> Result<BTreeSet<usize>> {
    text.split_whitespace().map(|word| word.parse::<usize>().map_err(|_| format!("`{word}` is not a function index"))).collect()
}

/// The two pieces of a split module, and what went where.
#[derive(Debug)]
pub struct Split {
    pub first: Vec<u8>,
    pub rest: Vec<u8>,
    /// Functions defined in the input, kept in the first piece, moved to the rest.
    pub defined: usize,
    pub kept: usize,
    pub moved: usize,
    /// Moved functions that the first piece reaches (each has a stub and a slot).
    pub stubs: usize,
}

/// Every function a function's body names (calls, `ref.func`), and whether it names a
/// data or element segment (which the rest cannot have: its copies would initialize again).
#[derive(Default)]
struct Names {
    funcs: Vec<FunctionId>,
    segments: bool,
}

impl<'a> Visitor<'a> for Names {
    fn visit_function_id(&mut self, f: &FunctionId) {
        self.funcs.push(*f);
    }
    fn visit_data_id(&mut self, _: &DataId) {
        self.segments = true;
    }
    fn visit_element_id(&mut self, _: &ElementId) {
        self.segments = true;
    }
}

fn names(module: &Module, f: FunctionId) -> Names {
    let mut names = Names::default();
    if let FunctionKind::Local(local) = &module.funcs.get(f).kind {
        dfs_in_order(&mut names, local, local.entry_block());
    }
    names
}

/// Items of a module by their index in the wasm (walrus allocates them in the order it
/// reads them: imports first, then definitions, as the index space counts).
fn by_index<T: Copy>(ids: impl Iterator<Item = (usize, T)>) -> Vec<T> {
    let mut v: Vec<(usize, T)> = ids.collect();
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, id)| id).collect()
}

fn func_ids(m: &Module) -> Vec<FunctionId> {
    by_index(m.funcs.iter().map(|f| (f.id().index(), f.id())))
}

/// What REST imports, by kind and index in the input (or the table of REST's functions).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Func(usize),
    Table(usize),
    Global(usize),
    Memory(usize),
    RestTable,
    /// The first piece's flag that says the rest has loaded.
    Loaded,
}

/// Splits `bytes`: functions whose index is in `keep` stay in the first piece, and so do
/// the exports whose names start with one of `prefixes` (and what they call): the runtime
/// that JS calls while it answers any import, the loader's own call included, so that a
/// failed load is reported and never loops through a stub.
pub fn split(bytes: &[u8], keep: &BTreeSet<usize>, prefixes: &[&str]) -> Result<Split> {
    let mut first = parse(bytes, "the module")?;
    let mut rest = parse(bytes, "the module")?;
    if first.tags.iter().next().is_some() {
        return Err("the module has exception tags, which this split does not carry".into());
    }
    let ids = func_ids(&first);
    let locals: BTreeSet<usize> = first.funcs.iter_local().map(|(f, _)| f.index()).collect();
    // A profile of another build names functions this module does not have: its split would
    // keep the wrong functions, silently. Refused, so the profile is taken again.
    if let Some(&i) = keep.range(ids.len()..).next() {
        return Err(format!("the keep list names function {i}, but the module has {} functions: a profile of another build?", ids.len()));
    }

    // What stays: the profile's, the start function's, and what loading the rest runs.
    let load = first
        .exports
        .get_func(LOAD)
        .map_err(|_| format!("the module exports no function `{LOAD}` (crates/web/src/js.rs), which loads the rest"))?;
    let mut stays: BTreeSet<usize> = keep.clone();
    let mut todo: Vec<FunctionId> = vec![load];
    for e in first.exports.iter() {
        if let ExportItem::Function(f) = e.item
            && prefixes.iter().any(|p| e.name.starts_with(p))
        {
            todo.push(f);
        }
    }
    todo.extend(first.start);
    while let Some(f) = todo.pop() {
        stays.insert(f.index());
        for g in names(&first, f).funcs {
            if !stays.contains(&g.index()) {
                todo.push(g);
            }
        }
    }
    let moved: BTreeSet<usize> =
        ids.iter().filter(|f| locals.contains(&f.index()) && !stays.contains(&f.index())).map(|f| f.index()).collect();
    for &i in &moved {
        if let Some(&f) = ids.get(i)
            && names(&first, f).segments
        {
            return Err(format!("function {i} uses a data or element segment; it cannot move to the rest"));
        }
    }

    // The moved functions the first piece reaches: from its exports, start, segments and
    // globals, through the bodies of the functions it keeps (a moved one is a leaf: its
    // body becomes a stub).
    let mut roots: Vec<FunctionId> = Vec::new();
    for e in first.exports.iter() {
        if let ExportItem::Function(f) = e.item {
            roots.push(f);
        }
    }
    roots.extend(first.start);
    for e in first.elements.iter() {
        match &e.items {
            ElementItems::Functions(fs) => roots.extend(fs.iter().copied()),
            ElementItems::Expressions(_, exprs) => roots.extend(exprs.iter().filter_map(ref_func)),
        }
    }
    for g in first.globals.iter() {
        if let GlobalKind::Local(expr) = &g.kind {
            roots.extend(ref_func(expr));
        }
    }
    for t in first.tables.iter() {
        roots.extend(t.init.as_ref().and_then(ref_func));
    }
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut reached: BTreeSet<usize> = BTreeSet::new();
    while let Some(f) = roots.pop() {
        if !seen.insert(f.index()) {
            continue;
        }
        if moved.contains(&f.index()) {
            reached.insert(f.index());
        } else {
            roots.extend(names(&first, f).funcs);
        }
    }
    // Slot i of `%rest` holds the i-th reached function.
    let slots: BTreeMap<usize, usize> = reached.iter().enumerate().map(|(slot, &i)| (i, slot)).collect();
    let slot_count = u64::try_from(slots.len()).map_err(|_| "too many slots")?;

    // ---- the rest: the input, with everything but the moved functions imported ----
    let rest_ids = func_ids(&rest);
    let mut imported: BTreeMap<walrus::ImportId, Item> = BTreeMap::new();
    let exports: Vec<_> = rest.exports.iter().map(|e| e.id()).collect();
    for e in exports {
        rest.exports.delete(e);
    }
    rest.start = None;
    strip(&mut rest);
    let data: Vec<_> = rest.data.iter().map(|d| d.id()).collect();
    for d in data {
        rest.data.delete(d);
    }
    let elements: Vec<_> = rest.elements.iter().map(|e| e.id()).collect();
    for e in elements {
        rest.elements.delete(e);
    }
    let memories: Vec<_> = rest.memories.iter().map(|m| m.id()).collect();
    for m in memories {
        let import = match rest.memories.get(m).import {
            Some(i) => retarget(&mut rest, i),
            None => rest.imports.add(FROM, "", ImportKind::Memory(m)),
        };
        let memory = rest.memories.get_mut(m);
        memory.import = Some(import);
        memory.data_segments.clear();
        imported.insert(import, Item::Memory(m.index()));
    }
    let tables: Vec<_> = rest.tables.iter().map(|t| t.id()).collect();
    for t in tables {
        let import = match rest.tables.get(t).import {
            Some(i) => retarget(&mut rest, i),
            None => rest.imports.add(FROM, "", ImportKind::Table(t)),
        };
        let table = rest.tables.get_mut(t);
        table.import = Some(import);
        table.init = None;
        table.elem_segments.clear();
        imported.insert(import, Item::Table(t.index()));
    }
    let globals: Vec<_> = rest.globals.iter().map(|g| g.id()).collect();
    for g in globals {
        let import = match rest.globals.get(g).kind {
            GlobalKind::Import(i) => retarget(&mut rest, i),
            GlobalKind::Local(_) => rest.imports.add(FROM, "", ImportKind::Global(g)),
        };
        rest.globals.get_mut(g).kind = GlobalKind::Import(import);
        imported.insert(import, Item::Global(g.index()));
    }
    for &f in &rest_ids {
        let ty = rest.funcs.get(f).ty();
        let import = match rest.funcs.get(f).kind {
            FunctionKind::Import(ImportedFunction { import, .. }) => retarget(&mut rest, import),
            FunctionKind::Local(_) if moved.contains(&f.index()) => continue,
            _ => rest.imports.add(FROM, "", ImportKind::Function(f)),
        };
        rest.funcs.get_mut(f).kind = FunctionKind::Import(ImportedFunction { import, ty });
        imported.insert(import, Item::Func(f.index()));
    }
    let (rest_table, rest_table_import) = rest.add_import_table(FROM, REST_TABLE, false, slot_count, Some(slot_count), RefType::FUNCREF);
    imported.insert(rest_table_import, Item::RestTable);
    let mut filled = Vec::with_capacity(slots.len());
    for &i in slots.keys() {
        filled.push(*rest_ids.get(i).ok_or("a moved function the rest does not have")?);
    }
    let segment = rest
        .elements
        .add(ElementKind::Active { table: rest_table, offset: ConstExpr::Value(Value::I32(0)) }, ElementItems::Functions(filled));
    rest.tables.get_mut(rest_table).elem_segments.insert(segment);
    // Instantiating the rest fills `%rest` (its segment), then raises the first piece's flag
    // (its start function): from then on the stubs call through the table without a check
    // that loads.
    let (loaded_flag, loaded_import) = rest.add_import_global(FROM, "", ValType::I32, true, false);
    imported.insert(loaded_import, Item::Loaded);
    let mut raise = FunctionBuilder::new(&mut rest.types, &[], &[]);
    raise.func_body().i32_const(1).global_set(loaded_flag);
    rest.start = Some(raise.finish(vec![], &mut rest.funcs));
    walrus::passes::gc::run(&mut rest);

    // Short names for what the rest still imports, in the order of the input.
    let mut needed: Vec<(Item, walrus::ImportId)> = Vec::new();
    for import in rest.imports.iter() {
        let item = *imported.get(&import.id()).ok_or("an import of the rest that is not ours")?;
        needed.push((item, import.id()));
    }
    needed.sort();
    let mut names_of: BTreeMap<Item, String> = BTreeMap::new();
    let mut counter = 0usize;
    for (item, import) in needed {
        let name = if item == Item::RestTable { REST_TABLE.to_string() } else { short(&mut counter) };
        let i = rest.imports.get_mut(import);
        i.module = FROM.to_string();
        i.name = name.clone();
        names_of.insert(item, name);
    }

    // ---- the first piece: stubs for the reached moved functions, exports for the rest ----
    let table = first.tables.add_local(false, slot_count, Some(slot_count), RefType::FUNCREF);
    // `ensure`: loads the rest unless its flag is up. Every stub calls it first: the same
    // three bytes in each, where a check of its own slot would differ from stub to stub (the
    // stubs are a thousand functions of the first load; brotli takes the repeats).
    let loaded = first.globals.add_local(ValType::I32, true, false, ConstExpr::Value(Value::I32(0)));
    let mut ensure = FunctionBuilder::new(&mut first.types, &[], &[]);
    ensure.func_body().global_get(loaded).unop(UnaryOp::I32Eqz).if_else(
        None,
        |then| {
            then.call(load);
        },
        |_| {},
    );
    let ensure = ensure.finish(vec![], &mut first.funcs);
    for &i in &moved {
        let f = *ids.get(i).ok_or("a moved function the module does not have")?;
        let ty = first.funcs.get(f).ty();
        let (params, results) = {
            let t = first.types.get(ty);
            (t.params().to_vec(), t.results().to_vec())
        };
        let args: Vec<_> = params.iter().map(|p| first.locals.add(*p)).collect();
        let mut builder = FunctionBuilder::new(&mut first.types, &params, &results);
        match slots.get(&i) {
            Some(&slot) => {
                let slot = i32::try_from(slot).map_err(|_| "too many slots")?;
                let mut body = builder.func_body();
                body.call(ensure);
                for a in &args {
                    body.local_get(*a);
                }
                body.i32_const(slot).call_indirect(ty, table);
            }
            // Not reached from what stays: nothing calls it (the collection below drops it).
            None => {
                builder.func_body().unreachable();
            }
        }
        first.funcs.get_mut(f).kind = FunctionKind::Local(builder.local_func(args));
    }
    let first_tables = by_index(first.tables.iter().map(|t| (t.id().index(), t.id())));
    let first_globals = by_index(first.globals.iter().map(|g| (g.id().index(), g.id())));
    let first_memories = by_index(first.memories.iter().map(|m| (m.id().index(), m.id())));
    for (item, name) in &names_of {
        let missing = || format!("the first piece has no {name}");
        let export: ExportItem = match *item {
            Item::Func(i) => ExportItem::Function(*ids.get(i).ok_or_else(missing)?),
            Item::Table(i) => ExportItem::Table(*first_tables.get(i).ok_or_else(missing)?),
            Item::Global(i) => ExportItem::Global(*first_globals.get(i).ok_or_else(missing)?),
            Item::Memory(i) => ExportItem::Memory(*first_memories.get(i).ok_or_else(missing)?),
            Item::RestTable => ExportItem::Table(table),
            Item::Loaded => ExportItem::Global(loaded),
        };
        first.exports.add(name, export);
    }
    // No page calls it: the stubs do.
    first.exports.remove(LOAD).map_err(|e| format!("{e}"))?;
    strip(&mut first);
    walrus::passes::gc::run(&mut first);

    let first_bytes = first.emit_wasm();
    let rest_bytes = rest.emit_wasm();
    parse(&first_bytes, "the first piece")?;
    parse(&rest_bytes, "the rest")?;
    let defined = locals.len();
    Ok(Split { first: first_bytes, rest: rest_bytes, defined, kept: defined - moved.len(), moved: moved.len(), stubs: slots.len() })
}

/// An import of the input, made an import of the rest from the first piece (which exports
/// what it imported, under the name given later).
fn retarget(m: &mut Module, import: walrus::ImportId) -> walrus::ImportId {
    let i = m.imports.get_mut(import);
    i.module = FROM.to_string();
    import
}

fn ref_func(expr: &ConstExpr) -> Option<FunctionId> {
    match expr {
        ConstExpr::RefFunc(f) => Some(*f),
        _ => None,
    }
}

/// The next short export name: `0`…`9`, `a`…`z`, `A`…`Z`, then two characters, and so on.
fn short(counter: &mut usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut n = *counter;
    *counter += 1;
    let mut name = Vec::new();
    loop {
        name.push(DIGITS[n % DIGITS.len()]);
        n /= DIGITS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use walrus::ir::{BinaryOp, Instr};

    /// The functions of [`module`], by name.
    struct Made {
        bytes: Vec<u8>,
        run: usize,
        twice: usize,
        add: usize,
        spare: usize,
        load: usize,
    }

    /// A module shaped as wasm-bindgen leaves one: a memory, a global, a function table
    /// filled by a segment, an import. `apigw_load_rest` calls the import `env.load`; `run`
    /// (exported) calls `twice`, which calls `add` (which only `twice` calls); `spare` is only
    /// in the table; `twice` also reads the global and the memory.
    fn module(with_loader: bool) -> Made {
        let mut m = Module::with_config(ModuleConfig::new());
        let mem = m.memories.add_local(false, false, 1, None, None);
        m.exports.add("memory", mem);
        let g = m.globals.add_local(ValType::I32, true, false, ConstExpr::Value(Value::I32(8)));
        let unit = m.types.add(&[], &[]);
        let (env_load, _) = m.add_import_func("env", "load", unit);
        let i32_i32 = [ValType::I32];

        let mut b = FunctionBuilder::new(&mut m.types, &[], &[]);
        b.name("load".into()).func_body().call(env_load);
        let load = b.finish(vec![], &mut m.funcs);
        if with_loader {
            m.exports.add(LOAD, load);
        }

        let x = m.locals.add(ValType::I32);
        let mut b = FunctionBuilder::new(&mut m.types, &i32_i32, &i32_i32);
        b.name("add".into()).func_body().local_get(x).i32_const(1).binop(BinaryOp::I32Add);
        let add = b.finish(vec![x], &mut m.funcs);

        let x = m.locals.add(ValType::I32);
        let mut b = FunctionBuilder::new(&mut m.types, &i32_i32, &i32_i32);
        b.name("twice".into())
            .func_body()
            .local_get(x)
            .call(add)
            .global_get(g)
            .binop(BinaryOp::I32Add)
            .i32_const(0)
            .load(mem, walrus::ir::LoadKind::I32 { atomic: false }, walrus::ir::MemArg { align: 4, offset: 0 })
            .binop(BinaryOp::I32Add);
        let twice = b.finish(vec![x], &mut m.funcs);

        let x = m.locals.add(ValType::I32);
        let mut b = FunctionBuilder::new(&mut m.types, &i32_i32, &i32_i32);
        b.name("run".into()).func_body().local_get(x).call(twice);
        let run = b.finish(vec![x], &mut m.funcs);
        m.exports.add("run", run);

        let x = m.locals.add(ValType::I32);
        let mut b = FunctionBuilder::new(&mut m.types, &i32_i32, &i32_i32);
        b.name("spare".into()).func_body().local_get(x);
        let spare = b.finish(vec![x], &mut m.funcs);
        let table = m.tables.add_local(false, 2, Some(2), RefType::FUNCREF);
        let seg = m
            .elements
            .add(ElementKind::Active { table, offset: ConstExpr::Value(Value::I32(0)) }, ElementItems::Functions(vec![spare, run]));
        m.tables.get_mut(table).elem_segments.insert(seg);
        m.exports.add("table", table);
        let _ = (load, add, twice, run, spare);
        // Emitting orders the functions anew (walrus: largest first): their indices are
        // read back from the module as written, by name.
        let bytes = m.emit_wasm();
        let back = parse(&bytes, "the test's module").expect("valid");
        let index = |name: &str| back.funcs.by_name(name).expect("named").index();
        Made { run: index("run"), twice: index("twice"), add: index("add"), spare: index("spare"), load: index("load"), bytes }
    }

    fn local_count(m: &Module) -> usize {
        m.funcs.iter_local().count()
    }

    /// The instructions of a function's entry block, and of the blocks under it.
    fn calls_indirect(m: &Module, f: FunctionId) -> bool {
        struct Seen(bool);
        impl<'a> Visitor<'a> for Seen {
            fn visit_instr(&mut self, instr: &'a Instr, _: &'a walrus::InstrLocId) {
                self.0 |= matches!(instr, Instr::CallIndirect(_));
            }
        }
        let mut seen = Seen(false);
        if let FunctionKind::Local(l) = &m.funcs.get(f).kind {
            dfs_in_order(&mut seen, l, l.entry_block());
        }
        seen.0
    }

    #[test]
    fn what_the_start_runs_stays_and_the_rest_moves_behind_stubs() {
        let made = module(true);
        let keep: BTreeSet<usize> = [made.run, made.add].into();
        let split = split(&made.bytes, &keep, &[]).expect("splits");
        // Moved: twice and spare (load stays: loading needs it).
        assert_eq!((split.defined, split.kept, split.moved, split.stubs), (5, 3, 2, 2));
        let first = Module::from_buffer(&split.first).expect("the first piece is valid");
        let rest = Module::from_buffer(&split.rest).expect("the rest is valid");
        // The first piece: load, add, run, the two stubs and `ensure`; `run` calls the stub,
        // which calls through `%rest`.
        assert_eq!(local_count(&first), 6);
        let run = first.exports.get_func("run").expect("run is still exported");
        let stub = names(&first, run).funcs[0];
        assert!(calls_indirect(&first, stub), "twice is a stub that calls through %rest");
        assert!(first.exports.iter().any(|e| e.name == REST_TABLE && matches!(e.item, ExportItem::Table(_))));
        assert!(first.exports.get_func(LOAD).is_err(), "the loader is no export of the first piece");
        // The rest: twice and spare, and the start function that raises the first piece's
        // flag; it imports from `a` what they use (add, the global, the memory, %rest) and the
        // flag, fills %rest, exports nothing.
        assert_eq!(local_count(&rest), 3);
        assert!(rest.start.is_some());
        assert!(rest.imports.iter().all(|i| i.module == FROM));
        let kinds: Vec<&str> = rest
            .imports
            .iter()
            .map(|i| match i.kind {
                ImportKind::Function(_) => "func",
                ImportKind::Global(_) => "global",
                ImportKind::Memory(_) => "memory",
                ImportKind::Table(_) => "table",
                ImportKind::Tag(_) => "tag",
            })
            .collect();
        let mut sorted = kinds.clone();
        sorted.sort();
        assert_eq!(sorted, ["func", "global", "global", "memory", "table"], "{kinds:?}");
        assert_eq!(rest.exports.iter().count(), 0);
        assert!(rest.data.iter().next().is_none(), "no data: the memory is the first piece's");
        let segments: Vec<_> = rest.elements.iter().collect();
        assert_eq!(segments.len(), 1);
        assert!(matches!(&segments[0].items, ElementItems::Functions(fs) if fs.len() == 2));
        // Every import of the rest is an export of the first piece.
        for i in rest.imports.iter() {
            assert!(first.exports.iter().any(|e| e.name == i.name), "{} is exported", i.name);
        }
        let _ = (made.twice, made.spare, made.load);
    }

    #[test]
    fn a_keep_list_of_everything_moves_nothing() {
        let made = module(true);
        let keep: BTreeSet<usize> = (0..6).collect(); // every function: one import, five defined
        let split = split(&made.bytes, &keep, &[]).expect("splits");
        assert_eq!((split.moved, split.stubs), (0, 0));
        let rest = Module::from_buffer(&split.rest).expect("the rest is valid");
        assert_eq!(local_count(&rest), 1, "only the start function that raises the flag");
    }

    #[test]
    fn what_loading_runs_stays_even_when_the_start_did_not_run_it() {
        let made = module(true);
        let split = split(&made.bytes, &BTreeSet::new(), &[]).expect("splits");
        let first = Module::from_buffer(&split.first).expect("valid");
        // load (and env.load, imported) stay; run, twice, add, spare move; run and spare
        // are reached (an export, a table slot), twice and add only from the rest.
        assert_eq!((split.moved, split.stubs), (4, 2));
        assert_eq!(local_count(&first), 4, "load, `ensure` and two stubs");
    }

    #[test]
    fn exports_named_by_a_prefix_stay_with_what_they_call() {
        let made = module(true);
        // `run` (and so `twice` and `add`) stay by their export's name; only `spare` moves.
        let split = split(&made.bytes, &BTreeSet::new(), &["ru"]).expect("splits");
        assert_eq!((split.moved, split.stubs), (1, 1));
        let _ = (made.run, made.twice, made.add);
    }

    #[test]
    fn a_module_without_the_loader_is_refused() {
        let made = module(false);
        let err = split(&made.bytes, &BTreeSet::new(), &[]).expect_err("refused");
        assert!(err.contains("exports no function `apigw_load_rest`"), "{err}");
    }

    #[test]
    fn a_moved_function_that_uses_a_data_segment_is_refused() {
        let mut m = Module::from_buffer(&module(true).bytes).expect("valid");
        let data = m.data.add(walrus::DataKind::Passive, vec![1, 2, 3, 4]);
        let mem = m.get_memory_id().expect("one memory");
        let mut b = FunctionBuilder::new(&mut m.types, &[], &[]);
        b.func_body().i32_const(0).i32_const(0).i32_const(4).memory_init(mem, data);
        let init = b.finish(vec![], &mut m.funcs);
        m.exports.add("init", init);
        let err = split(&m.emit_wasm(), &BTreeSet::new(), &[]).expect_err("refused");
        assert!(err.contains("uses a data or element segment"), "{err}");
    }

    #[test]
    fn a_keep_list_naming_a_function_the_module_lacks_is_refused() {
        let made = module(true);
        let err = split(&made.bytes, &[made.run, 6].into(), &[]).expect_err("refused");
        assert!(err.contains("names function 6, but the module has 6 functions"), "{err}");
        // The last function is one.
        split(&made.bytes, &[5].into(), &[]).expect("splits");
    }

    #[test]
    fn a_keep_list_is_words_of_digits() {
        assert_eq!(parse_keep(" 3\n1 2\n").expect("read"), [1, 2, 3].into());
        assert!(parse_keep("1 f2").expect_err("refused").contains("`f2` is not a function index"));
    }

    #[test]
    fn strip_drops_custom_sections() {
        let mut m = parse(&module(true).bytes, "the test's module").expect("valid");
        m.customs.add(walrus::RawCustomSection { name: "target_features".into(), data: vec![0] });
        m.producers.add_language("Rust", "1");
        strip(&mut m);
        let out = m.emit_wasm();
        let back = Module::from_buffer(&out).expect("valid");
        assert_eq!(back.customs.iter().count(), 0);
        // (Reading a module adds walrus to its producers: the bytes say what was written.)
        assert!(!out.windows(9).any(|w| w == b"producers"));
    }

    #[test]
    fn short_names_count_through_one_then_two_characters() {
        let mut n = 0;
        let names: Vec<String> = (0..64).map(|_| short(&mut n)).collect();
        assert_eq!((&names[0][..], &names[61][..], &names[62][..], &names[63][..]), ("0", "Z", "00", "01"));
    }
}

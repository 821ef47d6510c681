//! The only way out of the model: [`render`] prints an integration (its resource, import
//! block and import command) only when the rules' checks whose failure withholds the output
//! pass ([`crate::rules::blockers`]: a name that is not an identifier, an expression that is
//! not exactly one expression, a kept item that is not exactly one allowed argument or
//! block), and the HCL emitter ([`crate::hcl::emit`]) prints it. It sits above both, so
//! that the emitter need not ask the rules (no `hcl` → `rules` import: the rules read HCL).

use crate::diag::Diagnostic;
use crate::hcl::emit::{Rendered, emit, join_documents};
use crate::model::Integration;

/// Renders one integration: the resource, its import block and the import command.
///
/// This is the only way out of the model. Whatever the model holds, and wherever it came
/// from, the text is exactly one `aws_apigatewayv2_integration` block with the model's
/// name and at most one `import` block targeting it, formatted as `terraform fmt` prints
/// it. When the model cannot be written that way (a name that is not an identifier, an
/// expression that is not exactly one expression, a kept item that is not exactly one
/// allowed argument or block), nothing is rendered and the errors say why, at their fields.
pub fn render(i: &Integration) -> Result<Rendered, Vec<Diagnostic>> {
    let blockers = crate::rules::blockers(i);
    if !blockers.is_empty() {
        return Err(blockers);
    }
    emit(i)
}

/// Renders several integrations as one file, separated by blank lines; `Err` lists every
/// integration's reasons when any output is withheld, by index.
pub fn render_all(all: &[Integration]) -> Result<String, Vec<(usize, Diagnostic)>> {
    let mut docs = Vec::with_capacity(all.len());
    let mut problems = Vec::new();
    for (n, i) in all.iter().enumerate() {
        match render(i) {
            Ok(r) => docs.push(r.document()),
            Err(d) => problems.extend(d.into_iter().map(|d| (n, d))),
        }
    }
    if problems.is_empty() { Ok(join_documents(&docs)) } else { Err(problems) }
}

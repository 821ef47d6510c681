//! The command line, declared for clap: the subcommands, their flags and their help.
//! Values are taken as text here and checked by `cli::opts`, which says what is wrong in
//! the CLI's own words (`--protocol must be http or websocket, not `rest``).

use clap::{Args, CommandFactory, Parser, Subcommand};

const EXIT_STATUS: &str = "EXIT STATUS: 0 no errors (warnings allowed; --min-severity warning or info fails on
those too), 1 at least one such finding not in the baseline, 2 bad usage, an unreadable path,
configuration or baseline, or a file --fix could not write.";

/// Lint and render aws_apigatewayv2_integration resources.
#[derive(Parser, Debug)]
#[command(name = "apigw-integration", version, after_help = EXIT_STATUS, subcommand_required = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint every aws_apigatewayv2_integration in .tf files, or in the directories given.
    #[command(long_about = CHECK_ABOUT, after_help = EXIT_STATUS)]
    Check(CheckArgs),
    /// Print every integration of a file (and its import block) as the builder emits it.
    #[command(long_about = RENDER_ABOUT)]
    Render(RenderArgs),
    /// Convert AWS CLI or CloudFormation JSON into resources with their import blocks.
    #[command(long_about = FROM_AWS_ABOUT)]
    FromAws(FromAwsArgs),
    /// Print the rule table.
    Rules(RulesArgs),
}

const CHECK_ABOUT: &str = "\
Lints every aws_apigatewayv2_integration in the .tf files given, or found recursively in the
directories given (hidden directories, and whatever .gitignore and .ignore files exclude, are
skipped). Each directory is one configuration: without --protocol, an integration's protocol
comes from the aws_apigatewayv2_api (protocol_type) that its api_id references there.
`# apigw-integration:ignore CODE reason` above an argument, block or resource silences that
code there (R-SUP-1 reports one that silences nothing); --ignore silences a code everywhere.
--format sarif writes SARIF 2.1.0 (GitHub code scanning), --format github workflow
annotations. --fix applies the safe fixes (escape a live ${request.…}, remove an argument AWS
ignores, POST for Lambda, …) in place, rewriting only the integration blocks it changes (each
file replaced whole, never through a symbolic link, nothing written unless every file was
read), then reports what is left; --diff prints what --fix would change as a unified diff and
changes nothing (exit 1 if it would change any). Configurations are checked in parallel
(--jobs, default: every CPU); the output is in the same order whatever the number of jobs.
In CI: --min-severity sets what fails the run; --baseline FILE accepts the findings listed
there (by file, resource, rule and field, so moved lines stay accepted) and --write-baseline
writes it; a suppression needs a reason after its codes, `# apigw-integration:ignore-file
CODE reason` covers a whole file, and .apigw-integration.json (or --config FILE; schema in
schema/apigw-integration.schema.json) sets min_severity, ignore, baseline and
forbid_suppressing, the codes no comment or --ignore may silence.

--var NAME=VALUE and --var-file FILE (.tfvars, .tfvars.json) give the variables of the
configurations named as PATH values, as Terraform's -var and -var-file do (in the order
given, the last value wins): var.NAME is then that value where the rules judge, and a
variable given no value stays unknown. --plan FILE checks a saved plan instead
(`terraform plan -out=plan.out && terraform show -json plan.out > plan.json`): every
aws_apigatewayv2_integration of the root and child modules with its planned values, its
protocol from the planned aws_apigatewayv2_api its api_id references; a value known only
after apply, or marked sensitive, is not judged. Findings name the resource address
(module.a[\"k\"].aws_apigatewayv2_integration.x[0]) and, where the .tf files of the PATH
directory (and of its local modules) hold the block, its file and line. The CI settings
above work the same with --plan (the comments of the files that hold a block apply to its
findings) and with --var.";

const RENDER_ABOUT: &str = "\
Prints every integration of the file (and its import block) as the builder emits it;
diagnostics go to stderr. --json reads the builder's JSON model (one object or an array)
instead of HCL.";

const FROM_AWS_ABOUT: &str = "\
Converts the JSON of `aws apigatewayv2 get-integrations --api-id ID` (or get-integration), or
a CloudFormation template (JSON), into resources with their import blocks. --api-id (or
--api-json, the output of `aws apigatewayv2 get-api`) gives api_id, the import ids and the
protocol; --lambda-permission, --route and --iam-role add those companion resources.";

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The API's protocol for every integration (default: from the aws_apigatewayv2_api its api_id references)
    #[arg(long, value_name = "http|websocket", overrides_with = "protocol")]
    pub protocol: Option<String>,
    /// How findings are printed
    #[arg(long, value_name = "text|json|sarif|github", overrides_with = "format")]
    pub format: Option<String>,
    /// Silence these codes everywhere (repeatable)
    #[arg(long, value_name = "CODE[,...]")]
    pub ignore: Vec<String>,
    /// Apply the safe fixes in place, then report what is left
    #[arg(long, overrides_with = "fix")]
    pub fix: bool,
    /// Print what --fix would change as a unified diff; change nothing
    #[arg(long, overrides_with = "diff")]
    pub diff: bool,
    /// The least severe finding that fails the run (default: error)
    #[arg(long, value_name = "error|warning|info", overrides_with = "min_severity")]
    pub min_severity: Option<String>,
    /// Accept the findings this baseline file lists: only new ones are reported and fail
    #[arg(long, value_name = "FILE", overrides_with = "baseline")]
    pub baseline: Option<String>,
    /// Write every finding to the --baseline file instead of reporting them
    #[arg(long, overrides_with = "write_baseline")]
    pub write_baseline: bool,
    /// The configuration file (default: .apigw-integration.json here, if there is one)
    #[arg(long, value_name = "FILE", overrides_with = "config")]
    pub config: Option<String>,
    /// How many configurations are checked at once (default: every CPU)
    #[arg(short = 'j', long, value_name = "N", overrides_with = "jobs")]
    pub jobs: Option<String>,
    /// Check the integrations a saved plan's JSON plans (`terraform show -json plan.out`; - for standard input); PATH: the configuration's directory, for file:line (default: the plan's)
    #[arg(long, value_name = "FILE|-", overrides_with = "plan")]
    pub plan: Option<String>,
    /// Give a variable of the configurations named as PATH a value, as Terraform's -var (repeatable; the last value wins)
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub var: Vec<String>,
    /// Read variable values from a .tfvars or .tfvars.json file, as Terraform's -var-file (repeatable; the last value wins)
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_file: Vec<String>,
    /// .tf files, and directories to walk (`--` before a name that starts with `-`)
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The API's protocol for every integration
    #[arg(long, value_name = "http|websocket", overrides_with = "protocol")]
    pub protocol: Option<String>,
    /// Read the builder's JSON model instead of HCL
    #[arg(long, overrides_with = "json")]
    pub json: bool,
    /// The file to read (- for standard input)
    #[arg(value_name = "FILE|-")]
    pub paths: Vec<String>,
}

#[derive(Args, Debug)]
pub struct FromAwsArgs {
    /// The API's id: api_id, the import ids
    #[arg(long, value_name = "ID", overrides_with = "api_id")]
    pub api_id: Option<String>,
    /// The output of `aws apigatewayv2 get-api`: api_id, the import ids and the protocol
    #[arg(long, value_name = "FILE", overrides_with = "api_json")]
    pub api_json: Option<String>,
    /// The API's protocol for every integration
    #[arg(long, value_name = "http|websocket", overrides_with = "protocol")]
    pub protocol: Option<String>,
    /// Add an aws_lambda_permission for each Lambda integration
    #[arg(long, overrides_with = "lambda_permission")]
    pub lambda_permission: bool,
    /// Add an aws_apigatewayv2_route for each integration
    #[arg(long, overrides_with = "route")]
    pub route: bool,
    /// Add the IAM role each AWS service (subtype) integration assumes, allowed only its action on its resource
    #[arg(long, overrides_with = "iam_role")]
    pub iam_role: bool,
    /// The JSON to read (- for standard input)
    #[arg(value_name = "FILE|-")]
    pub paths: Vec<String>,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// How the table is printed
    #[arg(long, value_name = "text|json|markdown", overrides_with = "format")]
    pub format: Option<String>,
}

/// A usage error in the CLI's words, framed as clap frames its own: the message, the
/// subcommand's usage line, and where to read more.
pub fn usage_error(subcommand: &str, message: &str) -> String {
    let cli = Cli::command();
    let mut cmd = match cli.find_subcommand(subcommand) {
        Some(sub) => sub.clone().bin_name(format!("apigw-integration {subcommand}")),
        None => cli,
    };
    clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).format(&mut cmd).render().to_string()
}

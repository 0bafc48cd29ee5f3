use super::parse_script;
use crate::lang::ast::*;
use crate::lang::source::Source;

fn parse(text: &str) -> std::rc::Rc<ScriptBlockAst> {
    parse_script(&Source::new("", text)).unwrap_or_else(|e| panic!("{text:?}: {}", e.message))
}

fn err(text: &str) -> crate::lang::ParseError {
    match parse_script(&Source::new("", text)) {
        Ok(_) => panic!("{text:?} parsed"),
        Err(e) => e,
    }
}

fn stmts(text: &str) -> Vec<Stmt> {
    parse(text).end.as_ref().unwrap().stmts.clone()
}

#[test]
fn precedence_of_comma_and_plus() {
    let s = stmts("1,2 + 3");
    let StmtKind::Pipeline(p) = &s[0].kind else {
        panic!()
    };
    let PipeElem::Expr { expr, .. } = &p.elements[0] else {
        panic!()
    };
    assert!(
        matches!(expr.kind, ExprKind::Binary(BinOp::Add, ref l, _) if matches!(l.kind, ExprKind::Array(_)))
    );
}

#[test]
fn not_binds_tighter_than_comparison() {
    let s = stmts("-not $a -eq $b");
    let StmtKind::Pipeline(p) = &s[0].kind else {
        panic!()
    };
    let PipeElem::Expr { expr, .. } = &p.elements[0] else {
        panic!()
    };
    assert!(
        matches!(expr.kind, ExprKind::Binary(BinOp::Cmp(CmpOp::Eq, false), ref l, _) if matches!(l.kind, ExprKind::Unary(UnaryOp::Not, _)))
    );
}

#[test]
fn command_with_parameters_and_barewords() {
    let s = stmts("Get-Thing -Name:foo bar 1kb");
    let StmtKind::Pipeline(p) = &s[0].kind else {
        panic!()
    };
    let PipeElem::Command(c) = &p.elements[0] else {
        panic!()
    };
    assert_eq!(c.args.len(), 3);
    assert!(
        matches!(&c.args[0], CommandArg::Param { name, value: Some(_), .. } if &**name == "Name")
    );
    assert!(matches!(
        &c.args[2],
        CommandArg::Value(Expr {
            kind: ExprKind::Lit(Literal::Int(1024)),
            ..
        })
    ));
}

#[test]
fn assignment_takes_a_statement() {
    let s = stmts("$x = foreach ($i in 1..3) { $i }");
    assert!(
        matches!(&s[0].kind, StmtKind::Assign { value, .. } if matches!(value.kind, StmtKind::Foreach { .. }))
    );
}

#[test]
fn script_block_text_is_between_braces() {
    let s = stmts("{ 1 + 1 }");
    let StmtKind::Pipeline(p) = &s[0].kind else {
        panic!()
    };
    let PipeElem::Expr { expr, .. } = &p.elements[0] else {
        panic!()
    };
    let ExprKind::ScriptBlock(sb) = &expr.kind else {
        panic!()
    };
    assert_eq!(sb.text(), " 1 + 1 ");
}

#[test]
fn errors_have_powershell_ids() {
    assert_eq!(err("if ($true) {").id, "MissingEndCurlyBrace");
    assert!(err("if ($true) {").incomplete);
    assert_eq!(err("\"abc").id, "TerminatorExpectedAtEndOfString");
    assert_eq!(err("1 +").id, "ExpectedValueExpression");
    assert_eq!(err("1 2").id, "UnexpectedToken");
    assert_eq!(err("Get-Thing &").id, "AmpersandNotAllowed");
    assert_eq!(err("Get-Thing |").id, "EmptyPipeElement");
    assert_eq!(err("a | 1").id, "ExpressionsMustBeFirstInPipeline");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = "(".repeat(5000) + &")".repeat(5000);
    assert_eq!(err(&text).id, "ScriptTooDeeplyNested");
    let text = "{".repeat(5000);
    assert!(parse_script(&Source::new("", &text)).is_err());
}

#[test]
fn numbers() {
    use super::literal::parse_number;
    assert!(matches!(parse_number("0xFFFFFFFF"), Some(Literal::Int(-1))));
    assert!(matches!(
        parse_number("3000000000"),
        Some(Literal::Long(3000000000))
    ));
    assert!(matches!(parse_number("1.5"), Some(Literal::Double(x)) if x == 1.5));
    assert!(matches!(parse_number("2mb"), Some(Literal::Int(2097152))));
    assert!(parse_number("1.2.3").is_none());
    assert!(parse_number("abc").is_none());
}

//! Random but plausible scripts (a grammar of PowerShell: literals, variables, operators,
//! pipelines, script blocks, jobs started and received, quotes and here-strings, unfinished
//! input, non-ASCII and stray bytes) run on a bounded budget. Properties: no panic, every
//! call returns, and the session answers the next command; a job's results are received
//! once each, in order.

// Test code: a failed expectation is the failure being reported.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

mod common;

use proptest::prelude::*;
use psjobs::{Session, SessionOptions};

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000).prop_map(|n| n.to_string()),
        Just("0x1F".to_string()),
        Just("1.5e3".to_string()),
        Just("9223372036854775807".to_string()),
        Just("2147483648".to_string()),
        Just("1kb".to_string()),
        "[a-zA-Z0-9 éß漢😀]{0,8}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        "[a-z $éß]{0,8}".prop_map(|s| format!("\"{s}\"")),
        Just("@\"\nhere $x\n\"@".to_string()),
        Just("@'\nliteral\n'@".to_string()),
        Just("$null".to_string()),
        Just("$true".to_string()),
        Just("$x".to_string()),
        Just("$_".to_string()),
        Just("$env:COMPUTERNAME".to_string()),
        Just("[int]::MaxValue".to_string()),
        Just("(Get-Date)".to_string()),
        Just("@{ a = 1; b = 'two' }".to_string()),
        Just("[pscustomobject]@{ Name = 'n'; Size = 3 }".to_string()),
    ]
}

const BINARY: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "%",
    "-eq",
    "-ne",
    "-gt",
    "-lt",
    "-le",
    "-ge",
    "-like",
    "-notlike",
    "-match",
    "-replace",
    "-split",
    "-join",
    "-contains",
    "-in",
    "-band",
    "-bor",
    "-and",
    "-or",
    "-xor",
    "..",
    "-f",
    "-is",
    "-as",
    "-ceq",
    "-imatch",
    "-shl",
];

fn expr() -> impl Strategy<Value = String> {
    literal().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), prop::sample::select(BINARY), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("-not {a}")),
            inner.clone().prop_map(|a| format!("@({a}, 2, 3)")),
            inner.clone().prop_map(|a| format!("{a}.Length")),
            inner.clone().prop_map(|a| format!("{a}.ToString()")),
            inner.clone().prop_map(|a| format!("({a})[0]")),
            inner.clone().prop_map(|a| format!("[string]{a}")),
            inner.clone().prop_map(|a| format!("$({a})")),
            inner.clone().prop_map(|a| format!("{{ {a} }}")),
            inner
                .clone()
                .prop_map(|a| format!("& {{ param($p) $p; {a} }} 1")),
        ]
    })
}

fn pipeline() -> impl Strategy<Value = String> {
    let stage = prop_oneof![
        Just("ForEach-Object { $_ }".to_string()),
        Just("% { $_ * 2 }".to_string()),
        Just("Where-Object { $_ }".to_string()),
        Just("Select-Object -First 2".to_string()),
        Just("Sort-Object -Descending".to_string()),
        Just("Measure-Object".to_string()),
        Just("Group-Object".to_string()),
        Just("Format-Table".to_string()),
        Just("Format-List".to_string()),
        Just("Out-String".to_string()),
        Just("Get-Member".to_string()),
        Just("Out-Null".to_string()),
    ];
    (expr(), prop::collection::vec(stage, 0..4)).prop_map(|(head, stages)| {
        std::iter::once(head)
            .chain(stages)
            .collect::<Vec<_>>()
            .join(" | ")
    })
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => pipeline(),
        2 => expr().prop_map(|e| format!("$x = {e}")),
        1 => (expr(), pipeline()).prop_map(|(c, p)| format!("if ({c}) {{ {p} }} else {{ 'no' }}")),
        1 => pipeline().prop_map(|p| format!("foreach ($i in 1..3) {{ {p} }}")),
        1 => Just("$i = 0; while ($i -lt 3) { $i++ }".to_string()),
        1 => pipeline().prop_map(|p| format!("try {{ {p}; throw 'x' }} catch {{ $_.Exception.Message }} finally {{ 'f' }}")),
        1 => pipeline().prop_map(|p| format!("function f($a) {{ {p}; $a }}; f 3")),
        2 => pipeline().prop_map(|p| format!("$j = Start-Job {{ {p} }}")),
        1 => pipeline().prop_map(|p| format!("Start-ThreadJob {{ {p} }} | Out-Null")),
        1 => Just("Receive-Job -Job $j -Keep".to_string()),
        1 => Just("Receive-Job -Job $j -Wait -AutoRemoveJob".to_string()),
        1 => Just("Get-Job | Stop-Job -PassThru | Remove-Job -Force".to_string()),
        1 => Just("Wait-Job -Job $j -Timeout 1".to_string()),
        1 => Just("Write-Error 'bad'; Write-Warning 'careful'; Write-Verbose 'v' -Verbose".to_string()),
        1 => Just("Get-ChildItem C:\\Windows | Select-Object -First 3".to_string()),
        1 => Just("Get-Process | Sort-Object CPU | Select-Object -Last 2".to_string()),
        1 => Just("Set-ItemProperty HKLM:\\Software\\x -Name y -Value 1".to_string()),
    ]
}

/// A script: statements, sometimes cut short, sometimes with a stray byte or character.
fn script() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(statement(), 1..5),
        prop::option::of(0usize..200),
        prop::option::of((
            0usize..200,
            prop::sample::select(vec![
                "\u{0}", "`", "\"", "'", "{", "}", "(", "|", "@\"", "\u{202e}", "\u{fffd}", "$",
            ]),
        )),
    )
        .prop_map(|(stmts, cut, stray)| {
            let mut text = stmts.join(if stmts.len() % 2 == 0 { "; " } else { "\n" });
            if let Some((at, s)) = stray {
                let at = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(at % (text.chars().count() + 1))
                    .unwrap_or(text.len());
                text.insert_str(at, s);
            }
            if let Some(cut) = cut {
                if let Some((i, _)) = text.char_indices().nth(cut) {
                    text.truncate(i);
                }
            }
            text
        })
}

/// What a console does with an input: the `>>` check, a completion, then the run.
fn run_bounded(session: &mut Session, text: &str, budget: u64) {
    let _ = Session::needs_more_input(text, psjobs::engine::runtime::Edition::Desktop51);
    let _ = Session::needs_more_input(text, psjobs::engine::runtime::Edition::Core7);
    let _ = session.complete(text, text.len() / 2);
    common::run_bounded(session, text, budget);
}

fn speed0() -> SessionOptions {
    SessionOptions {
        speed: 0.0,
        ..SessionOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_scripts_never_break_the_session(text in script()) {
        let mut session = Session::new(speed0());
        run_bounded(&mut session, &text, 300_000);
        // The session answers the next command.
        session.submit("6 * 7", "", Vec::new());
        prop_assert!(session.run_until_idle());
        let out: Vec<String> = session.take_output().into_iter().map(|l| l.text).collect();
        prop_assert_eq!(out, vec!["42".to_string()]);
    }

    #[test]
    fn a_generated_job_s_results_arrive_once_each_in_order(n in 1usize..40, keeps in prop::collection::vec(any::<bool>(), 0..4)) {
        let mut session = Session::new(speed0());
        run_bounded(&mut session, &format!("$j = Start-Job {{ 1..{n} | ForEach-Object {{ $_; Start-Sleep -Milliseconds 5 }} }}"), 100_000);
        let mut got: Vec<String> = Vec::new();
        for keep in keeps {
            run_bounded(&mut session, "Start-Sleep -Milliseconds 20", 100_000);
            session.submit(if keep { "Receive-Job $j -Keep | Out-Null" } else { "Receive-Job $j" }, "", Vec::new());
            prop_assert!(session.run_until_idle());
            if !keep {
                got.extend(session.take_output().into_iter().map(|l| l.text));
            }
        }
        session.submit("Receive-Job $j -Wait", "", Vec::new());
        prop_assert!(session.run_until_idle());
        got.extend(session.take_output().into_iter().map(|l| l.text));
        let want: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        prop_assert_eq!(got, want);
    }
}

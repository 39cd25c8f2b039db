//! The reference vectors of the runtime's token and TwiML tests
//! (`templates/tests/vectors/twilio_python.json`) are what their script
//! prints with Twilio's official Python library (twilio 9.13.0 from PyPI,
//! installed by `cargo xtask install-python`): rerun, compared.

use std::process::Command;

#[test]
fn twilio_python_vectors_are_what_the_official_library_prints() {
    let Some(python) = client_tests::installed_python("twilio-python", "the twilio-python vectors check") else {
        return;
    };
    let dir = client_tests::workspace_root().join("templates/tests/vectors");
    let output = Command::new(&python)
        .arg(dir.join("twilio_python.py"))
        .output()
        .expect("the virtual environment's Python runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let committed = std::fs::read_to_string(dir.join("twilio_python.json")).expect("committed vectors");
    let printed = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        printed == committed,
        "templates/tests/vectors/twilio_python.json is stale: rerun `{} templates/tests/vectors/twilio_python.py > templates/tests/vectors/twilio_python.json`",
        python.display()
    );
}

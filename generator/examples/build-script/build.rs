//! Generates the pet store client into `OUT_DIR` on every change of the spec.

fn main() {
    let written = openapi_client_generator::build::Builder::new()
        .spec("petstore.yaml")
        .generate();
    if let Err(error) = written {
        // The error names the spec file and the JSON pointer of the problem.
        panic!("{error}");
    }
}

//! Arbitrary bytes into the envelope decoder: it must never panic, and whatever it decodes
//! must build into an envelope that decodes again and builds into the same bytes.
#![no_main]

use cwmp::Envelope;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = Envelope::parse(data) {
        let built = envelope.to_xml();
        let again = Envelope::parse(built.as_bytes()).expect("a built envelope decodes");
        assert_eq!(again.to_xml(), built);
    }
});

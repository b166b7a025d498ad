//! One small current-thread tokio runtime on a thread of its own, shared by every pool: on two cores a
//! worker per core would only fight Node's main thread and the database server for CPU.
use std::sync::OnceLock;
use tokio::runtime::{Builder, Handle};

static RUNTIME: OnceLock<Handle> = OnceLock::new();

pub fn handle() -> &'static Handle {
    RUNTIME.get_or_init(|| {
        let runtime = Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("oxen-native: cannot start the tokio runtime");
        let handle = runtime.handle().clone();
        std::thread::Builder::new()
            .name("oxen-native".into())
            .spawn(move || runtime.block_on(std::future::pending::<()>()))
            .expect("oxen-native: cannot spawn the runtime thread");
        handle
    })
}

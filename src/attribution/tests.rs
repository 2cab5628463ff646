//! Table tests of the attribution stage.

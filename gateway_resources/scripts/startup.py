# Gateway startup event script (project: the MES gateway project that inherits the library).
# Create or upgrade the MES tables in the connection named by DATABASE in the library project's
# mes/settings (every scope reads it), and load the runtime state of every inventory operation
# (a RUNNING one resumes from its current record).
mes.setup.ensureSchema()
mes.inventory.operation.updateInventoryOperationStatesFromDatabase()

# Gateway startup event script (project: the MES gateway project that inherits the library).
# Choose the database connection, create or upgrade the MES tables, and load the runtime state of
# every inventory operation (a RUNNING one resumes from its current record).
mes.setup.configure(database="MES")
mes.setup.ensureSchema()
mes.inventory.operation.updateInventoryOperationStatesFromDatabase()

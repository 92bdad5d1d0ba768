"""ZeroVM inside OpenStack Swift: a proxy filter that plans and spreads jobs,
an object-server filter that runs one instance next to its object. The job
semantics are zvm-job's (C); these modules only do HTTP."""

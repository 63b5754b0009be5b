-- Lists find their candidates by index, one source at a time (place, handling unit, owner;
-- see petition.list_* in sql_petition_repos.cc): the place index covers every narrowing
-- column so a county's range is filtered without reading the rows.
CREATE INDEX petitions_list ON petitions(division_code, state, category_code, received_at, class,
                                         channel, next_due_at);
CREATE INDEX petitions_by_owner ON petitions(owning_leader_id) WHERE owning_leader_id IS NOT NULL;

-- wrk script: a one-row Open Inference Protocol v2 request for the credit model (13 inputs, one per feature,
-- the datatypes its metadata lists), with a fresh event id per request so that each prediction is logged apart.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local head = '{"id":"bench","inputs":['
  .. '{"name":"income","shape":[1],"datatype":"FP64","data":[52000.0]},'
  .. '{"name":"age","shape":[1],"datatype":"INT64","data":[41]},'
  .. '{"name":"debt_ratio","shape":[1],"datatype":"FP64","data":[0.31]},'
  .. '{"name":"utilization","shape":[1],"datatype":"FP64","data":[0.42]},'
  .. '{"name":"delinquencies","shape":[1],"datatype":"INT64","data":[1]},'
  .. '{"name":"credit_history_months","shape":[1],"datatype":"INT64","data":[96]},'
  .. '{"name":"open_accounts","shape":[1],"datatype":"INT64","data":[5]},'
  .. '{"name":"loan_amount","shape":[1],"datatype":"FP64","data":[15000.0]},'
  .. '{"name":"months_employed","shape":[1],"datatype":"FP64","data":[30.0]},'
  .. '{"name":"region","shape":[1],"datatype":"BYTES","data":["north"]},'
  .. '{"name":"employment","shape":[1],"datatype":"BYTES","data":["salaried"]},'
  .. '{"name":"purpose","shape":[1],"datatype":"BYTES","data":["car"]},'
  .. '{"name":"has_mortgage","shape":[1],"datatype":"BOOL","data":[true]},'
  .. '{"name":"event_id","shape":[1],"datatype":"BYTES","data":["'
local tail = '"]}]}'
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, head .. "b" .. tostring(n) .. "-" .. tostring(math.random(1e9)) .. tail)
end

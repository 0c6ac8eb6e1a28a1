// Progressive enhancement of the "Add devices" form; the form works without this file.
// 1. Each "Device subtype" list shows only the subtypes of the chosen "Device type" (the server checks
//    the pair anyway). 2. "Add another device" adds a row, up to the form's data-max-rows.
(function () {
  "use strict";
  var form = document.querySelector("form.device-form");
  if (!form) { return; }

  function narrow(subtype) {
    var typeSelect = document.getElementById("id_" + subtype.getAttribute("data-subtype-of"));
    if (!typeSelect) { return; }
    if (!subtype._groups) {  // keep every group once, to rebuild the list from it
      subtype._groups = Array.prototype.map.call(subtype.querySelectorAll("optgroup"), function (group) {
        return group.cloneNode(true);
      });
      subtype._placeholder = subtype.querySelector("option[value='']");
    }
    var chosen = typeSelect.selectedIndex > 0 ? typeSelect.options[typeSelect.selectedIndex].text : "";
    var current = subtype.value;
    subtype.textContent = "";
    if (subtype._placeholder) { subtype.appendChild(subtype._placeholder); }
    subtype._groups.forEach(function (group) {
      if (!chosen || group.label === chosen) { subtype.appendChild(group.cloneNode(true)); }
    });
    var options = Array.prototype.slice.call(subtype.querySelectorAll("optgroup option"));
    var keep = options.filter(function (option) { return option.value === current; })[0];
    if (keep) { keep.selected = true; } else if (options.length === 1) { options[0].selected = true; }
    else if (subtype._placeholder) { subtype._placeholder.selected = true; }
  }

  function enhance(root) {
    root.querySelectorAll("select[data-subtype-of]").forEach(function (subtype) {
      var typeSelect = document.getElementById("id_" + subtype.getAttribute("data-subtype-of"));
      if (!typeSelect) { return; }
      typeSelect.addEventListener("change", function () { narrow(subtype); });
      narrow(subtype);
    });
  }

  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var rows = form.querySelector("[data-device-rows]");
  var template = form.querySelector("template[data-device-row-template]");
  var addButton = form.querySelector("[data-add-device-row]");
  var max = parseInt(form.getAttribute("data-max-rows"), 10) || 25;

  function refreshButton() { addButton.disabled = parseInt(total.value, 10) >= max; }

  if (total && rows && template && addButton) {
    addButton.hidden = false;
    refreshButton();
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (index >= max) { return; }
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      var legend = row.querySelector("legend");
      var label = rows.querySelector("legend");
      if (legend && label) { legend.textContent = label.textContent.replace(/\d+/, String(index + 1)); }
      rows.appendChild(row);
      total.value = String(index + 1);
      enhance(row);
      refreshButton();
      var first = row.querySelector("select, input");
      if (first) { first.focus(); }
    });
  }
  enhance(form.querySelector("[data-device-rows]") || form);
}());
